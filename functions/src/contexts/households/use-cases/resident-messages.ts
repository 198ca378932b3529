import { addDays, localDate, type ResidentMessage, type Slot } from '@grid/shared';
import type { Principal } from '../../../lib/auth/tokens';
import { getAlerts } from '../../quarantine/entities/alert';
import { alertIds } from '../../quarantine/use-cases/alerts';
import { listHealthReports } from '../../reporting/entities/health-report';
import { listTravelDeclarationsSince } from '../../reporting/entities/travel-declaration';
import { getMyHousehold } from './households';

/** How far back a household's messages reach. */
export const MESSAGE_DAYS = 14;
const SLOTS: readonly Slot[] = ['morning', 'evening'];

/**
 * The signed-in resident's household messages, newest first: verdicts on its members' reports
 * and declarations of the last two weeks, and the alerts raised about them (a fever in a report
 * or a follow-up, a quarantined member's missed checks). Nothing is written: a household reading its own
 * records is not an access to log.
 */
export async function listMyMessages(principal: Principal, now: Date): Promise<{ items: ResidentMessage[] }> {
  const household = await getMyHousehold(principal);
  const today = localDate(now);
  const from = addDays(today, -MESSAGE_DAYS);
  const items: ResidentMessage[] = [];
  const alertKeys: string[] = [];
  const names = new Map(household.members.map((m) => [m.personId, m.name]));

  await Promise.all(
    household.members.map(async (member) => {
      const [reports, declarations] = await Promise.all([
        listHealthReports(member.personId, from, today),
        listTravelDeclarationsSince(member.personId, `${from}T00:00:00.000Z`),
      ]);
      for (const r of reports) {
        const v = r.verification;
        if (v.status === 'pending' || !v.verifiedAt) continue;
        items.push({
          kind: 'verification',
          id: `${r.submissionId}@${v.verifiedAt}`,
          at: v.verifiedAt,
          personId: r.personId,
          personName: member.name,
          submissionId: r.submissionId,
          submissionType: 'health',
          decision: v.status,
          note: v.note ?? null,
          date: r.date,
          slot: r.slot,
        });
      }
      for (const d of declarations) {
        const v = d.verification;
        if (v.status === 'pending' || !v.verifiedAt) continue;
        items.push({
          kind: 'verification',
          id: `${d.submissionId}@${v.verifiedAt}`,
          at: v.verifiedAt,
          personId: d.personId,
          personName: member.name,
          submissionId: d.submissionId,
          submissionType: 'travel',
          decision: v.status,
          note: v.note ?? null,
          date: d.arrivedOn,
          slot: null,
        });
      }
      // A fever alert comes from a report or a gridworker's follow-up of the slot; a missed-check
      // alert from the member's quarantine. Their ids are known: read them by key.
      for (let date = from; date <= today; date = addDays(date, 1)) {
        for (const slot of SLOTS) {
          alertKeys.push(alertIds.fever(member.personId, date, slot));
          if (member.activeQuarantineId) {
            alertKeys.push(alertIds.missedCheck(member.activeQuarantineId, date, slot));
          }
        }
      }
    }),
  );

  const alerts = await getAlerts(alertKeys);
  for (const a of alerts) {
    items.push({
      kind: 'alert',
      id: a.alertId,
      at: a.resolvedAt ?? a.acknowledgedAt ?? a.createdAt,
      personId: a.personId,
      personName: names.get(a.personId) ?? a.personName,
      alertKind: a.kind,
      status: a.status,
      date: a.detail.date,
      slot: a.detail.slot,
      temperature: a.detail.temperature ?? null,
      resolution: a.resolution,
    });
  }
  items.sort((a, b) => b.at.localeCompare(a.at));
  return { items };
}
