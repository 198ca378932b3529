/** Turns stream records into the items they carry, for consumers that read new items only. */
import type { AttributeValue } from '@aws-sdk/client-dynamodb';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import type { DynamoDBBatchResponse, DynamoDBRecord } from 'aws-lambda';

export function insertedItem(record: DynamoDBRecord): Record<string, unknown> | undefined {
  if (record.eventName !== 'INSERT' || !record.dynamodb?.NewImage) return undefined;
  return unmarshall(record.dynamodb.NewImage as Record<string, AttributeValue>);
}

/**
 * Runs `apply` over the records in order. At the first failure it stops and reports that record,
 * so Lambda retries from there (ReportBatchItemFailures); `apply` must be safe to repeat.
 */
export async function processInOrder(
  records: DynamoDBRecord[],
  apply: (record: DynamoDBRecord) => Promise<void>,
  onError: (err: unknown) => void,
): Promise<DynamoDBBatchResponse> {
  for (const record of records) {
    try {
      await apply(record);
    } catch (err) {
      onError(err);
      return { batchItemFailures: [{ itemIdentifier: record.dynamodb?.SequenceNumber ?? '' }] };
    }
  }
  return { batchItemFailures: [] };
}
