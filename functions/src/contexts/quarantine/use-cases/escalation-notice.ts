/**
 * An alert escalated to a street or district reaches that centre: each of the centre's staff gets a
 * WeChat subscribe message while its grants last; when none could be sent one (no staff, no grant,
 * no WeChat binding), the centre's task list carries the alert instead.
 */
import {
  countyOf,
  isWithinAnyScope,
  localDateTimeText,
  NOTIFICATION_PAGES,
  type RegionTask,
  townshipOf,
} from '@grid/shared';
import type { Principal } from '../../../lib/auth/tokens';
import { AppError } from '../../../lib/errors';
import { logger } from '../../../lib/middleware/logger';
import { listScopeStaff } from '../../hierarchy/entities/scope-staff';
import { type NotifyOutcome, notifyUser } from '../../notices/use-cases/notify';
import type { AlertItem } from '../entities/alert';
import { listEscalationTasks, putEscalationTask } from '../entities/escalation-task';

const KIND_TEXT: Record<AlertItem['kind'], string> = { FEVER: '发热预警', MISSED_CHECK: '漏报预警' };

/** The region an alert escalated to this level reaches. */
export function regionReached(gridCode: string, level: 'street' | 'district'): string {
  return level === 'street' ? townshipOf(gridCode) : countyOf(gridCode);
}

export type EscalationNotice = { messaged: number } | { task: boolean };

export async function tellCentre(
  alert: AlertItem,
  level: 'street' | 'district',
  now: Date,
): Promise<EscalationNotice> {
  const regionCode = regionReached(alert.gridCode, level);
  const outcomes: NotifyOutcome[] = [];
  for (const userId of await listScopeStaff(regionCode)) {
    outcomes.push(
      await notifyUser(
        userId,
        'alert',
        {
          thing1: `${KIND_TEXT[alert.kind]}升级：${alert.personName}`,
          time2: localDateTimeText(alert.createdAt),
        },
        NOTIFICATION_PAGES.alert,
        { now },
      ),
    );
  }
  const messaged = outcomes.filter((o) => o === 'sent' || o === 'queued').length;
  logger.info('escalation notice', { level, staff: outcomes.length, messaged });
  if (messaged > 0) return { messaged };
  const task = await putEscalationTask({
    type: 'ESCALATION_TASK',
    taskId: `${alert.alertId}.${level}`,
    kind: 'ALERT_ESCALATED',
    regionCode,
    alertId: alert.alertId,
    alertKind: alert.kind,
    level,
    gridCode: alert.gridCode,
    personName: alert.personName,
    createdAt: now.toISOString(),
  });
  return { task };
}

/** A street's or district's centre reads the unresolved escalated alerts it was not messaged about. */
export async function listRegionTasks(
  principal: Principal,
  regionCode: string,
  limit: number,
  cursor: string | undefined,
): Promise<{ items: RegionTask[]; nextCursor: string | null }> {
  if (!isWithinAnyScope(regionCode, principal.scopes)) throw new AppError('FORBIDDEN_SCOPE');
  const page = await listEscalationTasks(regionCode, limit, cursor);
  return { items: page.items.map(({ type: _type, ...task }) => task), nextCursor: page.nextCursor };
}
