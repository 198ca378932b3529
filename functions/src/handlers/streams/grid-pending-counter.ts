/**
 * Stream consumer: recounts the pending submissions of every grid a batch touched, one write
 * per grid per batch. A grid that fails is reported as a batch item failure (its first record),
 * so only that part is retried.
 */
import type { DynamoDBBatchResponse, DynamoDBRecord, DynamoDBStreamEvent } from 'aws-lambda';
import { config } from '../../config';
import { logger } from '../../middleware/logger';
import { recountGrid } from '../../use-cases/pending-counts';

function submissionGrid(record: DynamoDBRecord): string | undefined {
  const image = record.dynamodb?.NewImage ?? record.dynamodb?.OldImage;
  const type = image?.type?.S;
  if (type !== 'HEALTH_REPORT' && type !== 'TRAVEL_DECLARATION') return undefined;
  return image?.gridCode?.S;
}

export async function handler(event: DynamoDBStreamEvent): Promise<DynamoDBBatchResponse> {
  config();
  const firstRecordOfGrid = new Map<string, string>();
  for (const record of event.Records) {
    const grid = submissionGrid(record);
    if (grid && !firstRecordOfGrid.has(grid) && record.dynamodb?.SequenceNumber) {
      firstRecordOfGrid.set(grid, record.dynamodb.SequenceNumber);
    }
  }
  const failures: { itemIdentifier: string }[] = [];
  await Promise.all(
    [...firstRecordOfGrid].map(async ([grid, sequence]) => {
      try {
        await recountGrid(grid);
      } catch (err) {
        logger.error('recount failed', { gridCode: grid, error: err as Error });
        failures.push({ itemIdentifier: sequence });
      }
    }),
  );
  logger.info('pending counters recounted', { records: event.Records.length, grids: firstRecordOfGrid.size });
  return { batchItemFailures: failures };
}
