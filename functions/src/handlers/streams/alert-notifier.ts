/** Stream consumer: tells each gridworker of the grid about a new alert, once per alert and person. */
import { type Alert, localDateTimeText, NOTIFICATION_PAGES } from '@grid/shared';
import type { DynamoDBBatchResponse, DynamoDBStreamEvent } from 'aws-lambda';
import { config } from '../../config';
import { keys } from '../../data/keys';
import { claimOnce } from '../../data/notifications';
import { listGridStaff } from '../../data/users';
import { logger } from '../../middleware/logger';
import { notifyUser } from '../../use-cases/notify';
import { insertedItem, processRecords } from './stream-records';

const KIND_TEXT: Record<Alert['kind'], string> = { FEVER: '发热预警', MISSED_CHECK: '漏报预警' };

export async function handler(event: DynamoDBStreamEvent): Promise<DynamoDBBatchResponse> {
  config();
  const outcomes: Record<string, number> = {};
  const result = await processRecords(
    event.Records,
    async (record) => {
      const item = insertedItem(record);
      if (item?.type !== 'ALERT') return;
      const alert = item as unknown as Alert;
      const gridworkers = (await listGridStaff(alert.gridCode)).filter((s) => s.role === 'gridworker');
      for (const { userId } of gridworkers) {
        if (!(await claimOnce(keys.alertNotice(alert.alertId, userId), alert.createdAt))) continue;
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
    (err, record) =>
      logger.error('alert notification failed', {
        error: err as Error,
        sequenceNumber: record.dynamodb?.SequenceNumber,
      }),
  );
  logger.info('alert notices', { records: event.Records.length, ...outcomes });
  return result;
}
