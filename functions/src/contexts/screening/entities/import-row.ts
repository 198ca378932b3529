/**
 * One row of an import (`XM_ROW`), in the import's partition: the API's row plus what stays inside
 * (keyed hashes, sealed ID and phone, the ledger bucket). An unmatched valid row stays open as a
 * registration task (registration-task.ts) until someone locates the person.
 */
import { TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { importRowSchema, type RowOutcome } from '@grid/shared';
import * as z from 'zod';
import { db, tableName } from '../../../lib/dynamo/client';
import { queryFilledPage } from '../../../lib/dynamo/cursor';
import { parseItems } from '../../../lib/dynamo/parse-item';
import { failedConditions } from '../../../lib/dynamo/transactions';
import { importKeys } from './import';
import { LEDGER_SHARDS, type LedgerDelta, ledgerUpdate } from './ledger-shard';

export const rowItemSchema = importRowSchema.extend({
  type: z.literal('XM_ROW'),
  /** The region whose ledger counts the row. */
  ledgerRegion: z.string(),
  idHash: z.string().nullable(),
  idNumberEnc: z.string().nullable(),
  phoneHash: z.string().nullable(),
  phoneEnc: z.string().nullable(),
  importCreatedAt: z.string(),
});
export type RowItem = z.infer<typeof rowItemSchema>;

/** A row as written: an open one also carries its index keys (registration-task.ts openRowIndexes). */
export type NewRow = RowItem & Partial<Record<'gsi1pk' | 'gsi1sk' | 'gsi2pk' | 'gsi2sk', string>>;

const PREFIX = 'ROW#';

export const rowKeys = {
  item: (importId: string, rowNumber: number) => ({
    pk: importKeys.partition(importId),
    sk: `${PREFIX}${String(rowNumber).padStart(7, '0')}`,
  }),
  /** The row number of a row key read back from an index. */
  rowNumberOf: (sk: unknown) => Number(String(sk).slice(PREFIX.length)),
};

/**
 * Writes rows exactly once: each row put is conditional on its key, and the ledger counts of the
 * rows actually written are added in the same transaction. Rows already there (a chunk processed
 * again after a crash) are dropped and the rest retried. Returns how many rows were new.
 */
export async function applyRows(
  importId: string,
  rows: readonly NewRow[],
  deltaOf: (row: RowItem) => LedgerDelta,
): Promise<number> {
  let written = 0;
  const GROUP = 40;
  const groups: NewRow[][] = [];
  for (let i = 0; i < rows.length; i += GROUP) groups.push(rows.slice(i, i + GROUP));
  // LEDGER_SHARDS lanes, each writing its groups in turn to its own ledger shard: lanes never
  // touch the same item, so they do not conflict with each other.
  await Promise.all(
    Array.from({ length: Math.min(LEDGER_SHARDS, groups.length) }, async (_, lane) => {
      for (let g = lane; g < groups.length; g += LEDGER_SHARDS) {
        written += await applyGroup(importId, groups[g]!, deltaOf, lane);
      }
    }),
  );
  return written;
}

async function applyGroup(
  importId: string,
  rows: NewRow[],
  deltaOf: (row: RowItem) => LedgerDelta,
  shard: number,
): Promise<number> {
  let group = rows;
  let conflicts = 0;
  while (group.length > 0) {
    const ledger = new Map<string, LedgerDelta>();
    for (const row of group) {
      const sum = ledger.get(row.ledgerRegion) ?? {};
      for (const [k, v] of Object.entries(deltaOf(row)) as Array<[keyof LedgerDelta, number]>)
        sum[k] = (sum[k] ?? 0) + v;
      ledger.set(row.ledgerRegion, sum);
    }
    try {
      await db().send(
        new TransactWriteCommand({
          TransactItems: [
            ...group.map((row) => ({
              Put: {
                TableName: tableName(),
                Item: { ...rowKeys.item(importId, row.rowNumber), ...row },
                ConditionExpression: 'attribute_not_exists(pk)',
              },
            })),
            ...[...ledger].map(([region, delta]) => ledgerUpdate(importId, region, delta, shard)),
          ],
        }),
      );
      return group.length;
    } catch (err) {
      const failed = failedConditions(err);
      if (failed) {
        group = group.filter((_, at) => !failed[at]);
      } else if (isTransactionConflict(err) && conflicts < 6) {
        // Another worker is writing the same chunk (the schedule taking up a chain): wait, retry.
        await new Promise((resolve) => setTimeout(resolve, 40 * 2 ** conflicts++));
      } else throw err;
    }
  }
  return 0;
}

function isTransactionConflict(err: unknown): boolean {
  const reasons = (err as { CancellationReasons?: Array<{ Code?: string }> }).CancellationReasons;
  return (
    (err as Error).name === 'TransactionConflictException' ||
    (Array.isArray(reasons) && reasons.some((r) => r.Code === 'TransactionConflict'))
  );
}

/** One page of an import's rows in file order, all or of one outcome. */
export async function listRows(
  importId: string,
  outcome: RowOutcome | undefined,
  cursor: string | undefined,
  limit: number,
): Promise<{ items: RowItem[]; nextCursor: string | null }> {
  const pk = importKeys.partition(importId);
  const page = await queryFilledPage<Record<string, unknown>>({
    query: { name: 'pk', value: pk, filter: `outcome=${outcome ?? ''}` },
    keyCondition: 'pk = :pk AND begins_with(sk, :p)',
    filter: outcome ? 'outcome = :o' : undefined,
    values: { ':pk': pk, ':p': PREFIX, ...(outcome ? { ':o': outcome } : {}) },
    newestFirst: false,
    limit,
    cursor,
  });
  return { items: parseItems(rowItemSchema, page.items), nextCursor: page.nextCursor };
}
