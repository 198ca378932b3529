/**
 * Region closures: the epidemic response closed for a region; its health records are purged after
 * the retention days. While the background job has not marked its records, a closure is listed in
 * gsi2 (keys only).
 */
import { GetCommand, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { type RegionClosure, regionClosureSchema } from '@grid/shared';
import * as z from 'zod';
import { db, tableName } from '../../../lib/dynamo/client';
import { parseItems, parseOptionalItem } from '../../../lib/dynamo/parse-item';
import { queryAll } from '../../../lib/dynamo/query';

export const regionClosureItemSchema = regionClosureSchema;

const CLOSURE_PREFIX = 'CLOSURE#';

export const regionClosureKeys = {
  item: (regionCode: string) => ({ pk: `${CLOSURE_PREFIX}${regionCode}`, sk: 'CLOSURE' }),
  /** gsi2 partition (keys only) of closures whose records the background job has not marked yet. */
  unmarked: () => 'CLOSURESTODO',
};

const closureKeySchema = z.object({ pk: z.string().startsWith(CLOSURE_PREFIX) });

export type RegionClosureItem = RegionClosure;

/** Puts the closure unless the region already has one; false when it had. */
export async function putRegionClosure(closure: RegionClosureItem): Promise<boolean> {
  try {
    await db().send(
      new PutCommand({
        TableName: tableName(),
        Item: {
          ...regionClosureKeys.item(closure.regionCode),
          type: 'REGION_CLOSURE',
          ...closure,
          gsi2pk: regionClosureKeys.unmarked(),
          gsi2sk: `${closure.closedAt}#${closure.regionCode}`,
        },
        ConditionExpression: 'attribute_not_exists(pk)',
      }),
    );
    return true;
  } catch (err) {
    if ((err as Error).name === 'ConditionalCheckFailedException') return false;
    throw err;
  }
}

export async function getRegionClosure(regionCode: string): Promise<RegionClosureItem | undefined> {
  const out = await db().send(
    new GetCommand({ TableName: tableName(), Key: regionClosureKeys.item(regionCode), ConsistentRead: true }),
  );
  return parseOptionalItem(regionClosureItemSchema, out.Item);
}

/** Closures the job has not marked yet (a handful: a region closes once per epidemic). */
export async function listUnmarkedClosureCodes(): Promise<string[]> {
  const items = await queryAll<Record<string, unknown>>({
    IndexName: 'gsi2',
    KeyConditionExpression: 'gsi2pk = :pk',
    ExpressionAttributeValues: { ':pk': regionClosureKeys.unmarked() },
  });
  return parseItems(closureKeySchema, items).map((i) => i.pk.slice(CLOSURE_PREFIX.length));
}

export async function markClosureDone(
  regionCode: string,
  markedAt: string,
  itemsMarked: number,
): Promise<void> {
  await db().send(
    new UpdateCommand({
      TableName: tableName(),
      Key: regionClosureKeys.item(regionCode),
      UpdateExpression: 'SET markedAt = :at, itemsMarked = :n REMOVE gsi2pk, gsi2sk',
      ConditionExpression: 'attribute_exists(pk)',
      ExpressionAttributeValues: { ':at': markedAt, ':n': itemsMarked },
    }),
  );
}
