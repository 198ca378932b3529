/**
 * Retention: the expiry stamps (the table's TTL attribute `expiresAt`, epoch seconds) on a
 * person's or household's health records, the region closures that call for them, and the scans
 * the background jobs use. No request path scans: the scans run in scheduled jobs only.
 */
import { DeleteCommand, ScanCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import * as z from 'zod';
import { db, tableName } from '../../../lib/dynamo/client';
import { parseItems } from '../../../lib/dynamo/parse-item';
import { queryAll } from '../../../lib/dynamo/query';
import { householdKeys } from '../../households/entities/household';
import { personKeys } from '../../households/entities/person';

const itemKeySchema = z.object({ pk: z.string(), sk: z.string() });
export type ItemKey = z.infer<typeof itemKeySchema>;

/** Sort-key prefixes of the records retention purges: health reports, travel declarations, follow-ups. */
export const PERSON_RECORD_PREFIXES = ['HR#', 'TD#', 'FU#'] as const;
/** …and a household's supply requests. */
export const HOUSEHOLD_RECORD_PREFIXES = ['SR#'] as const;

/** Item types of those records, for the region job's scan. */
export const PURGED_TYPES = ['HEALTH_REPORT', 'TRAVEL_DECLARATION', 'FOLLOW_UP', 'SUPPLY_REQUEST'] as const;

async function keysWithPrefix(pk: string, prefixes: readonly string[]): Promise<ItemKey[]> {
  const pages = await Promise.all(
    prefixes.map((prefix) =>
      queryAll<Record<string, unknown>>({
        KeyConditionExpression: 'pk = :pk AND begins_with(sk, :p)',
        ExpressionAttributeValues: { ':pk': pk, ':p': prefix },
        ProjectionExpression: 'pk, sk',
      }),
    ),
  );
  return parseItems(itemKeySchema, pages.flat());
}

/** A person's health reports, travel declarations and follow-ups (one partition, three prefix queries). */
export function personRecordKeys(personId: string): Promise<ItemKey[]> {
  return keysWithPrefix(personKeys.item(personId).pk, PERSON_RECORD_PREFIXES);
}

export function householdRecordKeys(householdId: string): Promise<ItemKey[]> {
  return keysWithPrefix(householdKeys.item(householdId).pk, HOUSEHOLD_RECORD_PREFIXES);
}

/** Sets `expiresAt` unless the item already expires sooner; false when it does or is gone. */
export async function stampExpiry(key: ItemKey, expiresAt: number): Promise<boolean> {
  try {
    await db().send(
      new UpdateCommand({
        TableName: tableName(),
        Key: { pk: key.pk, sk: key.sk },
        UpdateExpression: 'SET expiresAt = :e',
        ConditionExpression: 'attribute_exists(pk) AND (attribute_not_exists(expiresAt) OR expiresAt > :e)',
        ExpressionAttributeValues: { ':e': expiresAt },
      }),
    );
    return true;
  } catch (err) {
    if ((err as Error).name === 'ConditionalCheckFailedException') return false;
    throw err;
  }
}

/** What the region job needs of every person, household and purged record. */
const retentionScanItemSchema = z.object({
  pk: z.string(),
  sk: z.string(),
  type: z.string(),
  gridCode: z.string().optional(),
  householdId: z.string().optional(),
  personId: z.string().optional(),
  expiresAt: z.number().optional(),
});
export type RetentionScanItem = z.infer<typeof retentionScanItemSchema>;

/** Parallel scan with a projection; for background jobs only. */
async function scanAll(filter: {
  expression: string;
  names?: Record<string, string>;
  values: Record<string, unknown>;
  projection: string;
}): Promise<Record<string, unknown>[]> {
  const segments = 4;
  const parts = await Promise.all(
    Array.from({ length: segments }, async (_, segment) => {
      const items: Record<string, unknown>[] = [];
      let startKey: Record<string, unknown> | undefined;
      do {
        const out = await db().send(
          new ScanCommand({
            TableName: tableName(),
            Segment: segment,
            TotalSegments: segments,
            FilterExpression: filter.expression,
            ExpressionAttributeNames: filter.names,
            ExpressionAttributeValues: filter.values,
            ProjectionExpression: filter.projection,
            ExclusiveStartKey: startKey,
          }),
        );
        items.push(...(out.Items ?? []));
        startKey = out.LastEvaluatedKey;
      } while (startKey);
      return items;
    }),
  );
  return parts.flat();
}

/** Persons and households (with their grid) and the records retention purges. */
export async function scanRetentionItems(): Promise<RetentionScanItem[]> {
  const types = ['PERSON', 'HOUSEHOLD', ...PURGED_TYPES];
  const values = Object.fromEntries(types.map((t, i) => [`:t${i}`, t]));
  const items = await scanAll({
    expression: `#type IN (${Object.keys(values).join(', ')})`,
    names: { '#type': 'type' },
    values,
    projection: 'pk, sk, #type, gridCode, householdId, personId, expiresAt',
  });
  return parseItems(retentionScanItemSchema, items);
}

/** Items whose `expiresAt` has passed: what DynamoDB's TTL would have deleted (local runtime only). */
export async function scanExpiredKeys(nowSeconds: number): Promise<ItemKey[]> {
  const items = await scanAll({
    expression: 'expiresAt <= :now',
    values: { ':now': nowSeconds },
    projection: 'pk, sk',
  });
  return parseItems(itemKeySchema, items);
}

/** Deletes like TTL does: a plain delete, seen by the stream consumers as a REMOVE. */
export async function deleteItem(key: ItemKey): Promise<void> {
  await db().send(new DeleteCommand({ TableName: tableName(), Key: { pk: key.pk, sk: key.sk } }));
}
