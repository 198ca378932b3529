/**
 * Stream consumer: tells a household of changes to its supply requests (accepted, delivered,
 * rejected, auto-confirmed). Off the request path, so a slow WeChat never slows an accept. Each
 * transition is claimed before sending, so a redelivered record sends nothing twice; on an
 * unexpected error the claim is released and the batch resumes from that record.
 */
import type { AttributeValue } from '@aws-sdk/client-dynamodb';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import type { DynamoDBBatchResponse, DynamoDBRecord, DynamoDBStreamEvent } from 'aws-lambda';
import { now } from '../../clock';
import { config } from '../../config';
import type { SupplyRequestItem } from '../../data/supply-requests';
import { logger } from '../../middleware/logger';
import { notifySupplyTransition } from '../../use-cases/supply-requests';
import { processRecords } from './stream-records';

function statusChange(
  record: DynamoDBRecord,
): { before: SupplyRequestItem; after: SupplyRequestItem } | null {
  const oldImage = record.dynamodb?.OldImage;
  const newImage = record.dynamodb?.NewImage;
  if (record.eventName !== 'MODIFY' || !oldImage || !newImage) return null;
  if (newImage.type?.S !== 'SUPPLY_REQUEST' || oldImage.status?.S === newImage.status?.S) return null;
  return {
    before: unmarshall(oldImage as Record<string, AttributeValue>) as SupplyRequestItem,
    after: unmarshall(newImage as Record<string, AttributeValue>) as SupplyRequestItem,
  };
}

export async function handler(event: DynamoDBStreamEvent): Promise<DynamoDBBatchResponse> {
  config();
  const outcomes: Record<string, number> = {};
  const result = await processRecords(
    event.Records,
    async (record) => {
      const change = statusChange(record);
      if (!change) return;
      const outcome = await notifySupplyTransition(change.before, change.after, now());
      outcomes[outcome] = (outcomes[outcome] ?? 0) + 1;
    },
    (err, record) =>
      logger.error('supply notice failed', {
        error: err as Error,
        sequenceNumber: record.dynamodb?.SequenceNumber,
      }),
  );
  logger.info('supply notices', { records: event.Records.length, ...outcomes });
  return result;
}
