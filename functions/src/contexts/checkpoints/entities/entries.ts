/**
 * A checkpoint's entry log and its day figures. Entries of one checkpoint and day share a partition
 * (read in order, paged); the day's figures item sits beside them and is counted in the same
 * transaction that writes the entry and claims its Idempotency-Key, so the figures are exactly the
 * entries written, and a retried or replayed entry is written (and counted) once.
 */
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import {
  CHECKPOINT_FIGURES,
  type CheckpointFigure,
  type CheckpointFigures,
  emptyCheckpointFigures,
  entryFigures,
  entrySchema,
} from '@grid/shared';
import * as z from 'zod';
import { db, tableName } from '../../../lib/dynamo/client';
import { queryPage } from '../../../lib/dynamo/cursor';
import { parseItems, parseOptionalItem } from '../../../lib/dynamo/parse-item';
import type { KeyClaim, TransactItem } from '../../../lib/idempotency';

export const entryKeys = {
  /** Sorted by the time the gate saw it, then its id. */
  entry: (checkpointId: string, date: string, at: string, entryId: string) => ({
    pk: `CPDAY#${checkpointId}#${date}`,
    sk: `ENTRY#${at}#${entryId}`,
  }),
  entriesOfDay: (checkpointId: string, date: string) => `CPDAY#${checkpointId}#${date}`,
  figures: (checkpointId: string, date: string) => ({ pk: `CPDAY#${checkpointId}#${date}`, sk: 'FIGURES' }),
  /** Claims an Idempotency-Key for one checkpoint; holds the entry's key and the request's hash. */
  entryKey: (checkpointId: string, idempotencyKey: string) => ({
    pk: `CP#${checkpointId}`,
    sk: `ENTRYKEY#${idempotencyKey}`,
  }),
};

/** An entry as stored: what the API shows, where it counts, and the key that wrote it. */
export const entryItemSchema = entrySchema.extend({
  type: z.literal('CHECKPOINT_ENTRY'),
  /** The checkpoint's village or grid: what the statistics roll up from. */
  regionCode: z.string(),
  idempotencyKey: z.string(),
  requestHash: z.string(),
});
export type EntryItem = z.infer<typeof entryItemSchema>;

function figuresUpdate(entry: EntryItem) {
  const counted = entryFigures(entry);
  const names: Record<string, string> = { '#type': 'type' };
  const values: Record<string, unknown> = {
    ':type': 'CHECKPOINT_FIGURES',
    ':cp': entry.checkpointId,
    ':date': entry.date,
    ':one': 1,
  };
  const adds = counted.map((f, i) => {
    names[`#f${i}`] = f;
    return `#f${i} :one`;
  });
  return {
    TableName: tableName(),
    Key: entryKeys.figures(entry.checkpointId, entry.date),
    UpdateExpression: `SET #type = :type, checkpointId = :cp, #date = :date ADD ${adds.join(', ')}`,
    ExpressionAttributeNames: { ...names, '#date': 'date' },
    ExpressionAttributeValues: values,
  };
}

/** What an entry's Idempotency-Key claim remembers: where the entry it wrote is. */
const entryClaimSchema = z.object({
  idempotencyKey: z.string(),
  requestHash: z.string(),
  entryPk: z.string(),
  entrySk: z.string(),
});
export type EntryClaim = z.infer<typeof entryClaimSchema> & KeyClaim;

/**
 * The claim and the writes of one entry, for claimedWrite: the entry (new) and its day's figures
 * (counted in the same transaction, so the figures are the entries written, each once).
 */
export function entryWrite(entry: EntryItem): {
  claimKey: { pk: string; sk: string };
  claim: EntryClaim & { type: string };
  writes: TransactItem[];
} {
  const key = entryKeys.entry(entry.checkpointId, entry.date, entry.at, entry.entryId);
  return {
    claimKey: entryKeys.entryKey(entry.checkpointId, entry.idempotencyKey),
    claim: {
      type: 'CHECKPOINT_ENTRY_KEY',
      idempotencyKey: entry.idempotencyKey,
      requestHash: entry.requestHash,
      entryPk: key.pk,
      entrySk: key.sk,
    },
    writes: [
      {
        Put: {
          TableName: tableName(),
          Item: { ...key, ...entry },
          ConditionExpression: 'attribute_not_exists(pk)',
        },
      },
      { Update: figuresUpdate(entry) },
    ],
  };
}

/** The claim an Idempotency-Key made at a checkpoint, if any. */
export async function getEntryClaim(
  checkpointId: string,
  idempotencyKey: string,
): Promise<EntryClaim | undefined> {
  const out = await db().send(
    new GetCommand({ TableName: tableName(), Key: entryKeys.entryKey(checkpointId, idempotencyKey) }),
  );
  return parseOptionalItem(entryClaimSchema, out.Item);
}

export async function getEntryByClaim(claim: EntryClaim): Promise<EntryItem | undefined> {
  const out = await db().send(
    new GetCommand({ TableName: tableName(), Key: { pk: claim.entryPk, sk: claim.entrySk } }),
  );
  return parseOptionalItem(entryItemSchema, out.Item);
}

export async function listEntriesOfDay(checkpointId: string, date: string, limit: number, cursor?: string) {
  const page = await queryPage<Record<string, unknown>>({
    partition: entryKeys.entriesOfDay(checkpointId, date),
    skPrefix: 'ENTRY#',
    newestFirst: false,
    limit,
    cursor,
  });
  return { items: parseItems(entryItemSchema, page.items), nextCursor: page.nextCursor };
}

export async function getFigures(checkpointId: string, date: string): Promise<CheckpointFigures> {
  const out = await db().send(
    new GetCommand({ TableName: tableName(), Key: entryKeys.figures(checkpointId, date) }),
  );
  const figures = emptyCheckpointFigures();
  for (const f of CHECKPOINT_FIGURES) figures[f as CheckpointFigure] = Number(out.Item?.[f] ?? 0);
  return figures;
}
