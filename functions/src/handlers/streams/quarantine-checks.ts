/**
 * Stream consumer: a new health report or follow-up marks its quarantine check done, and one at or
 * over the fever threshold (or with a red-flag symptom) raises a FEVER alert, off the request path.
 */
import type { Slot, Symptom } from '@grid/shared';
import type { DynamoDBBatchResponse, DynamoDBStreamEvent } from 'aws-lambda';
import { config } from '../../config';
import { recordCheck } from '../../data/quarantines';
import { logger } from '../../middleware/logger';
import { needsFeverAlert, raiseFever } from '../../use-cases/alerts';
import { insertedItem, processRecords } from './stream-records';

interface CheckSource {
  type: 'HEALTH_REPORT' | 'FOLLOW_UP';
  personId: string;
  personName: string;
  gridCode: string;
  quarantineId?: string | null;
  date: string;
  slot: Slot;
  temperature: number;
  fever: boolean;
  symptoms: Symptom[];
  reportedAt?: string;
  recordedAt?: string;
}

export async function handler(event: DynamoDBStreamEvent): Promise<DynamoDBBatchResponse> {
  config();
  let checks = 0;
  let fevers = 0;
  const result = await processRecords(
    event.Records,
    async (record) => {
      const item = insertedItem(record) as CheckSource | undefined;
      if (item?.type !== 'HEALTH_REPORT' && item?.type !== 'FOLLOW_UP') return;
      const at = item.reportedAt ?? item.recordedAt ?? new Date().toISOString();
      if (item.quarantineId) {
        await recordCheck(item.quarantineId, item.date, item.slot, item.temperature, at);
        checks++;
      }
      if (needsFeverAlert(item)) {
        await raiseFever({ ...item, quarantineId: item.quarantineId ?? null, at });
        fevers++;
      }
    },
    (err, record) =>
      logger.error('quarantine check failed', {
        error: err as Error,
        sequenceNumber: record.dynamodb?.SequenceNumber,
      }),
  );
  logger.info('quarantine checks applied', { records: event.Records.length, checks, fevers });
  return result;
}
