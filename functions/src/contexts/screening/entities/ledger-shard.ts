/**
 * An import's ledger counters for one region (a street, else a district or the city): one item per
 * region and shard (`XM_LEDGER`), in the import's partition. Row writes add to them in the same
 * transaction as the rows, so the counts are exact; reads sum a region's shards.
 */
import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import * as z from 'zod';
import { db, tableName } from '../../../lib/dynamo/client';
import { parseItems } from '../../../lib/dynamo/parse-item';
import type { TransactItem } from '../../../lib/idempotency';
import { importKeys } from './import';

export const LEDGER_FIELDS = [
  'total',
  'matched',
  'routed',
  'queued',
  'invalid',
  'duplicate',
  'located',
  'locatedMinutes',
] as const;

export type LedgerDelta = Partial<Record<(typeof LEDGER_FIELDS)[number], number>>;

/** A counter never added to is absent (ADD creates it). */
const counter = z.number().optional();

export const ledgerShardItemSchema = z.lazy(() =>
  z.object({
    type: z.literal('XM_LEDGER'),
    regionCode: z.string(),
    total: counter,
    matched: counter,
    routed: counter,
    queued: counter,
    invalid: counter,
    duplicate: counter,
    located: counter,
    locatedMinutes: counter,
  }),
);

/** A region's counters, its shards summed. */
export interface LedgerItem extends Required<LedgerDelta> {
  regionCode: string;
}

/** Row transactions of a chunk run this many at a time, each adding to its own ledger shard. */
export const LEDGER_SHARDS = 4;

const PREFIX = 'LEDGER#';

export const ledgerShardKeys = {
  item: (importId: string, regionCode: string, shard = 0) => ({
    pk: importKeys.partition(importId),
    // Shards let a chunk's row transactions run side by side without conflicting on the ledger.
    sk: shard === 0 ? `${PREFIX}${regionCode}` : `${PREFIX}${regionCode}#${shard}`,
  }),
};

/** Adds a delta to one shard of a region's counters (part of a row transaction). */
export function ledgerUpdate(
  importId: string,
  regionCode: string,
  delta: LedgerDelta,
  shard = 0,
): TransactItem {
  const entries = Object.entries(delta).filter(([, v]) => v !== 0 && v !== undefined);
  return {
    Update: {
      TableName: tableName(),
      Key: ledgerShardKeys.item(importId, regionCode, shard),
      // Names go through #aliases: `total` is a DynamoDB reserved word.
      UpdateExpression: `SET #type = :type, regionCode = :r ADD ${entries.map(([k]) => `#${k} :${k}`).join(', ')}`,
      ExpressionAttributeNames: {
        '#type': 'type',
        ...Object.fromEntries(entries.map(([k]) => [`#${k}`, k])),
      },
      ExpressionAttributeValues: {
        ':type': 'XM_LEDGER',
        ':r': regionCode,
        ...Object.fromEntries(entries.map(([k, v]) => [`:${k}`, v])),
      },
    },
  };
}

/** One entry per region: its shards summed. */
export async function listLedger(importId: string): Promise<LedgerItem[]> {
  const out = await db().send(
    new QueryCommand({
      TableName: tableName(),
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :p)',
      ExpressionAttributeValues: { ':pk': importKeys.partition(importId), ':p': PREFIX },
      ConsistentRead: true,
    }),
  );
  const byRegion = new Map<string, LedgerItem>();
  for (const item of parseItems(ledgerShardItemSchema, out.Items ?? [])) {
    const sum: LedgerItem = byRegion.get(item.regionCode) ?? {
      regionCode: item.regionCode,
      total: 0,
      matched: 0,
      routed: 0,
      queued: 0,
      invalid: 0,
      duplicate: 0,
      located: 0,
      locatedMinutes: 0,
    };
    for (const k of LEDGER_FIELDS) sum[k] += item[k] ?? 0;
    byRegion.set(item.regionCode, sum);
  }
  return [...byRegion.values()];
}
