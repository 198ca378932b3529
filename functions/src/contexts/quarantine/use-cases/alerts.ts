/** Alerts: raised by the stream consumer (fever) and the missed-check job, escalated by a job. */
import {
  type Alert,
  alertSchema,
  isWithinAnyScope,
  RED_FLAG_SYMPTOMS,
  type Slot,
  type Symptom,
  townshipOf,
} from '@grid/shared';
import { canAccessGrid } from '../../../lib/auth/access';
import type { Principal } from '../../../lib/auth/tokens';
import { config } from '../../../lib/config';
import { AppError } from '../../../lib/errors';
import { listChildRegions } from '../../hierarchy/entities/region';
import {
  type AlertItem,
  changeAlertStatus,
  countStreetAlerts,
  escalateAlert,
  getAlert,
  listDistrictEscalations,
  listOpenAlertsBefore,
  listStreetAlerts,
  raiseAlert,
} from '../entities/alert';
import { closeEscalationTasks } from '../entities/escalation-task';
import type { QuarantineItem } from '../entities/quarantine';
import { tellCentre } from './escalation-notice';

const compactDate = (date: string) => date.replaceAll('-', '');
const slotLetter = (slot: Slot) => (slot === 'morning' ? 'm' : 'e');

/** Alert ids are derived from what caused them: a fever report, or a quarantine's missed check. */
export const alertIds = {
  fever: (personId: string, date: string, slot: Slot) =>
    `F.${personId}.${compactDate(date)}.${slotLetter(slot)}`,
  missedCheck: (quarantineId: string, date: string, slot: Slot) =>
    `M.${quarantineId}.${compactDate(date)}.${slotLetter(slot)}`,
};

function newAlert(
  fields: Pick<
    AlertItem,
    'alertId' | 'kind' | 'gridCode' | 'personId' | 'personName' | 'quarantineId' | 'detail' | 'createdAt'
  >,
): AlertItem {
  return {
    type: 'ALERT',
    ...fields,
    status: 'open',
    level: 'grid',
    escalatedAt: null,
    acknowledgedBy: null,
    acknowledgedAt: null,
    resolvedBy: null,
    resolvedAt: null,
    resolution: null,
  };
}

export function needsFeverAlert(report: { fever: boolean; symptoms: readonly Symptom[] }): boolean {
  return report.fever || report.symptoms.some((s) => RED_FLAG_SYMPTOMS.includes(s));
}

/** One FEVER alert per person and slot, however many reports or follow-ups show it. */
export function raiseFever(report: {
  personId: string;
  personName: string;
  gridCode: string;
  quarantineId: string | null;
  date: string;
  slot: Slot;
  temperature: number;
  symptoms: Symptom[];
  at: string;
}): Promise<boolean> {
  return raiseAlert(
    newAlert({
      alertId: alertIds.fever(report.personId, report.date, report.slot),
      kind: 'FEVER',
      gridCode: report.gridCode,
      personId: report.personId,
      personName: report.personName,
      quarantineId: report.quarantineId,
      detail: {
        date: report.date,
        slot: report.slot,
        temperature: report.temperature,
        symptoms: report.symptoms,
      },
      createdAt: report.at,
    }),
  );
}

export function raiseMissedCheck(q: QuarantineItem, date: string, slot: Slot, now: Date): Promise<boolean> {
  return raiseAlert(
    newAlert({
      alertId: alertIds.missedCheck(q.quarantineId, date, slot),
      kind: 'MISSED_CHECK',
      gridCode: q.gridCode,
      personId: q.personId,
      personName: q.personName,
      quarantineId: q.quarantineId,
      detail: { date, slot },
      createdAt: now.toISOString(),
    }),
  );
}

const toAlert = (a: AlertItem): Alert => alertSchema.parse(a);

export async function listAlerts(
  principal: Principal,
  query: { scope: string; status: Alert['status']; cursor?: string | undefined; limit: number },
) {
  if (principal.role === 'resident' || !isWithinAnyScope(query.scope, principal.scopes)) {
    throw new AppError('FORBIDDEN_SCOPE');
  }
  if (query.scope.length === 6) {
    // A district sees what was escalated to it.
    const escalated = await listDistrictEscalations(query.scope);
    return {
      items: escalated
        .filter((a) => a.status === query.status)
        .slice(0, query.limit)
        .map(toAlert),
      nextCursor: null,
      counts: {
        open: escalated.filter((a) => a.status === 'open').length,
        acknowledged: escalated.filter((a) => a.status === 'acknowledged').length,
      },
    };
  }
  const street = townshipOf(query.scope);
  const grid = query.scope.length === 15 ? query.scope : undefined;
  const [page, open, acknowledged] = await Promise.all([
    listStreetAlerts(street, query.status, query.limit, query.cursor, grid),
    countStreetAlerts(street, 'open', grid),
    countStreetAlerts(street, 'acknowledged', grid),
  ]);
  return { items: page.items.map(toAlert), nextCursor: page.nextCursor, counts: { open, acknowledged } };
}

async function loadAlertInScope(principal: Principal, alertId: string): Promise<AlertItem> {
  const alert = await getAlert(alertId);
  if (!alert || !canAccessGrid(principal, alert.gridCode)) throw new AppError('FORBIDDEN_SCOPE');
  return alert;
}

export async function acknowledgeAlert(principal: Principal, alertId: string, now: Date): Promise<Alert> {
  const alert = await loadAlertInScope(principal, alertId);
  const fields = { acknowledgedBy: principal.userId, acknowledgedAt: now.toISOString() };
  if (alert.status !== 'open' || !(await changeAlertStatus(alert, 'open', 'acknowledged', fields))) {
    throw new AppError('INVALID_TRANSITION', { from: alert.status, action: 'acknowledge' });
  }
  return toAlert({ ...alert, status: 'acknowledged', ...fields });
}

export async function resolveAlert(
  principal: Principal,
  alertId: string,
  note: string,
  now: Date,
): Promise<Alert> {
  const alert = await loadAlertInScope(principal, alertId);
  const fields = { resolvedBy: principal.userId, resolvedAt: now.toISOString(), resolution: note };
  // Resolving straight from open is allowed: a gridworker who already called needs no extra step.
  if (alert.status === 'resolved' || !(await changeAlertStatus(alert, alert.status, 'resolved', fields))) {
    // A retry after a resolve that stopped short still takes the alert's tasks off the lists.
    if (alert.status === 'resolved') await closeEscalationTasks(alertId);
    throw new AppError('INVALID_TRANSITION', { from: alert.status, action: 'resolve' });
  }
  // Only now: a task the escalation job puts from here on fails its check on the alert's status.
  await closeEscalationTasks(alertId);
  return toAlert({ ...alert, status: 'resolved', ...fields });
}

/**
 * Job: open alerts left at a level longer than the escalation delay move up one level, and the
 * street or district centre they reach is told (escalation-notice.ts).
 */
export async function escalateAlerts(now: Date): Promise<{ escalated: number }> {
  const delayMs = config().ALERT_ESCALATION_HOURS * 3600_000;
  const cutoff = new Date(now.getTime() - delayMs).toISOString();
  let escalated = 0;
  for (const city of config().SERVICE_CITY_CODES) {
    for (const district of await listChildRegions(city)) {
      for (const street of await listChildRegions(district.code)) {
        for (const alert of await listOpenAlertsBefore(street.code, cutoff)) {
          const since = alert.escalatedAt ?? alert.createdAt;
          if (alert.level === 'district' || since > cutoff) continue;
          const to = alert.level === 'grid' ? 'street' : 'district';
          if (!(await escalateAlert(alert, to, now.toISOString()))) continue;
          escalated++;
          // The centre it reaches hears of it (or gets a task); only the job that moved it tells.
          await tellCentre(alert, to, now);
        }
      }
    }
  }
  return { escalated };
}
