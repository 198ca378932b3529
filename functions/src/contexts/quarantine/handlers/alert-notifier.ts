/** Stream consumer: tells each gridworker of the grid about a new alert, once per alert and person. */
import { type Alert, localDateTimeText, NOTIFICATION_PAGES } from '@grid/shared';
import { logger } from '../../../lib/middleware/logger';
import { consumeEach, type StreamChange } from '../../../lib/streams/dispatcher';
import { listGridStaff } from '../../identity/entities/users';
import { claimOnce } from '../../notices/entities/notifications';
import { notifyUser } from '../../notices/use-cases/notify';
import { alertKeys } from '../entities/alert';

const KIND_TEXT: Record<Alert['kind'], string> = { FEVER: '发热预警', MISSED_CHECK: '漏报预警' };

export async function consume(changes: StreamChange[]): Promise<string[]> {
  const outcomes: Record<string, number> = {};
  const failed = await consumeEach(
    changes,
    async (change) => {
      if (change.type !== 'ALERT' || change.eventName !== 'INSERT' || !change.newItem) return;
      const alert = change.newItem;
      const gridworkers = (await listGridStaff(alert.gridCode)).filter((s) => s.role === 'gridworker');
      for (const { userId } of gridworkers) {
        if (!(await claimOnce(alertKeys.notice(alert.alertId, userId), alert.createdAt))) continue;
        const outcome = await notifyUser(
          userId,
          'alert',
          {
            thing1: `${KIND_TEXT[alert.kind]}：${alert.personName}`,
            time2: localDateTimeText(alert.createdAt),
          },
          NOTIFICATION_PAGES.alert,
        );
        outcomes[outcome] = (outcomes[outcome] ?? 0) + 1;
      }
    },
    'alert notification failed',
  );
  logger.info('alert notices', { changes: changes.length, ...outcomes });
  return failed;
}
