/** Turns stream records into the items they carry, and runs consumers record by record. */
import type { AttributeValue } from '@aws-sdk/client-dynamodb';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import type { DynamoDBBatchResponse, DynamoDBRecord } from 'aws-lambda';

export function insertedItem(record: DynamoDBRecord): Record<string, unknown> | undefined {
  if (record.eventName !== 'INSERT' || !record.dynamodb?.NewImage) return undefined;
  return unmarshall(record.dynamodb.NewImage as Record<string, AttributeValue>);
}

/** The item a record changed, as text: records of one item must be applied in order. */
function itemOf(record: DynamoDBRecord): string {
  const keys = record.dynamodb?.Keys;
  return keys ? JSON.stringify([keys.pk, keys.sk]) : '';
}

/**
 * Runs `apply` over the records in order. A record that fails (a poison record, or a fault) is
 * reported and the others still run, so one bad record does not hold back or, once Lambda gives
 * up on it, drop the rest of the batch. Later records of the same item as a failed one are held
 * back and reported too, so an item's changes are never applied out of order.
 *
 * With ReportBatchItemFailures Lambda retries from the first reported record, redelivering the
 * records after it that already ran: `apply` must be safe to repeat (every consumer claims or
 * conditions its writes).
 */
export async function processRecords(
  records: DynamoDBRecord[],
  apply: (record: DynamoDBRecord) => Promise<void>,
  onError: (err: unknown, record: DynamoDBRecord) => void,
): Promise<DynamoDBBatchResponse> {
  const failed: DynamoDBRecord[] = [];
  const heldItems = new Set<string>();
  for (const record of records) {
    const item = itemOf(record);
    if (item && heldItems.has(item)) {
      failed.push(record);
      continue;
    }
    try {
      await apply(record);
    } catch (err) {
      onError(err, record);
      failed.push(record);
      if (item) heldItems.add(item);
    }
  }
  return { batchItemFailures: failed.map((r) => ({ itemIdentifier: r.dynamodb?.SequenceNumber ?? '' })) };
}
