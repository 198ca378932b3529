/**
 * A cross-match import: the uploaded list's state (uploading → received → processing → completed,
 * or failed), its processing cursor (`nextChunk`) and counts. Everything of an import lives in its
 * own partition `XM#<id>`; imports with work left are listed in gsi2 (keys only) for the schedule,
 * uploads in parts waiting for their start in another gsi2 partition, by age, so they expire.
 */
import { GetCommand, QueryCommand, TransactWriteCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import {
  importEncodingSchema,
  importFailureCodeSchema,
  importSourceSchema,
  importStatusSchema,
} from '@grid/shared';
import * as z from 'zod';
import { db, tableName } from '../../../lib/dynamo/client';
import { parseOptionalItem } from '../../../lib/dynamo/parse-item';

export type ImportSource = z.infer<typeof importSourceSchema>;

/** A part of an upload in parts: its size, its hash (its pieces are keyed by it) and piece count. */
export const uploadPartSchema = z.object({
  partNumber: z.number().int(),
  bytes: z.number().int(),
  sha256: z.string(),
  pieces: z.number().int(),
});
export type UploadPart = z.infer<typeof uploadPartSchema>;

export const importItemSchema = z.lazy(() =>
  z.object({
    type: z.literal('XM_IMPORT'),
    importId: z.string(),
    source: importSourceSchema,
    filename: z.string(),
    format: z.enum(['csv', 'xlsx', 'unknown']),
    requestedEncoding: importEncodingSchema,
    encoding: z.string().nullable(),
    columnMap: z.record(z.string(), z.union([z.string(), z.number()])).nullable(),
    /** Field → header, once parsed. */
    columns: z.record(z.string(), z.string()).nullable(),
    regionCode: z.string(),
    status: importStatusSchema,
    failure: z.object({ code: importFailureCodeSchema, details: z.unknown().optional() }).nullable(),
    bytes: z.number().int(),
    /** Pieces of an upload in one request (RAW#n); 0 for an upload in parts. */
    uploadPieces: z.number().int(),
    /** The parts an upload in parts was started with, pinned by hash (null: one request). */
    parts: z.array(uploadPartSchema).nullish(),
    chunkRows: z.number().int(),
    totalRows: z.number().int().nullable(),
    chunks: z.number().int().nullable(),
    nextChunk: z.number().int(),
    processedRows: z.number().int(),
    createdAt: z.string(),
    createdBy: z.string(),
    completedAt: z.string().nullable(),
    /** Last step taken (parse, chunk): the schedule takes over imports whose chain went quiet. */
    progressAt: z.string().optional(),
  }),
);
export type ImportItem = z.infer<typeof importItemSchema>;

const PARTITION = 'XM#';

export const importKeys = {
  item: (importId: string) => ({ pk: `${PARTITION}${importId}`, sk: 'IMPORT' }),
  /** The partition holding everything of one import (pieces, parts, chunks, rows, ledger). */
  partition: (importId: string) => `${PARTITION}${importId}`,
  /** The import id of a key read back from an index. */
  importIdOf: (pk: unknown) => String(pk).slice(PARTITION.length),
  /** gsi2 partition (keys only) of imports with work left, for the chunk job. */
  active: 'XMACTIVE',
  /** gsi2 partition (keys only) of imports waiting for their parts, by creation time: they expire. */
  uploading: 'XMUPLOADING',
};

const activeIndex = (item: { createdAt: string; importId: string }) => ({
  gsi2pk: importKeys.active,
  gsi2sk: `${item.createdAt}#${item.importId}`,
});

const uploadingIndex = (item: { createdAt: string; importId: string }) => ({
  gsi2pk: importKeys.uploading,
  gsi2sk: `${item.createdAt}#${item.importId}`,
});

/**
 * A new import; `active` (work to do) puts it in the schedule's index, an upload in parts in the
 * uploading index (starting it moves it to the active one).
 */
export async function putImport(item: ImportItem, opts: { active: boolean }): Promise<void> {
  await db().send(
    new TransactWriteCommand({
      TransactItems: [
        {
          Put: {
            TableName: tableName(),
            Item: {
              ...importKeys.item(item.importId),
              ...item,
              ...(opts.active ? activeIndex(item) : uploadingIndex(item)),
            },
            ConditionExpression: 'attribute_not_exists(pk)',
          },
        },
      ],
    }),
  );
}

export async function getImport(importId: string, consistent = false): Promise<ImportItem | undefined> {
  const out = await db().send(
    new GetCommand({ TableName: tableName(), Key: importKeys.item(importId), ConsistentRead: consistent }),
  );
  return parseOptionalItem(importItemSchema, out.Item);
}

/** Ids of imports with work left, oldest first (gsi2 is keys only). */
export async function listActiveImportIds(): Promise<string[]> {
  const out = await db().send(
    new QueryCommand({
      TableName: tableName(),
      IndexName: 'gsi2',
      KeyConditionExpression: 'gsi2pk = :pk',
      ExpressionAttributeValues: { ':pk': importKeys.active },
      Limit: 50,
    }),
  );
  return (out.Items ?? []).map((i) => importKeys.importIdOf(i.pk));
}

/** Ids of imports still uploading that were created before `before` (ISO), oldest first. */
export async function listUploadingBefore(before: string, limit: number): Promise<string[]> {
  const out = await db().send(
    new QueryCommand({
      TableName: tableName(),
      IndexName: 'gsi2',
      KeyConditionExpression: 'gsi2pk = :pk AND gsi2sk < :before',
      ExpressionAttributeValues: { ':pk': importKeys.uploading, ':before': before },
      Limit: limit,
    }),
  );
  return (out.Items ?? []).map((i) => importKeys.importIdOf(i.pk));
}

/** Sets fields on an import if it is still in the state read; false when someone else moved it. */
export async function transitionImport(
  importId: string,
  from: ImportItem['status'],
  set: Partial<ImportItem>,
  opts: { finished?: boolean; reactivate?: { createdAt: string } } = {},
): Promise<boolean> {
  const names: Record<string, string> = { '#status': 'status' };
  const values: Record<string, unknown> = { ':from': from };
  const sets = Object.entries(set).map(([k, v], i) => {
    names[`#f${i}`] = k;
    values[`:v${i}`] = v;
    return `#f${i} = :v${i}`;
  });
  if (opts.reactivate) {
    sets.push('gsi2pk = :apk', 'gsi2sk = :ask');
    const idx = activeIndex({ createdAt: opts.reactivate.createdAt, importId });
    values[':apk'] = idx.gsi2pk;
    values[':ask'] = idx.gsi2sk;
  }
  try {
    await db().send(
      new UpdateCommand({
        TableName: tableName(),
        Key: importKeys.item(importId),
        UpdateExpression: `SET ${sets.join(', ')}${opts.finished ? ' REMOVE gsi2pk, gsi2sk' : ''}`,
        ConditionExpression: '#status = :from',
        ExpressionAttributeNames: names,
        ExpressionAttributeValues: values,
      }),
    );
    return true;
  } catch (err) {
    if ((err as Error).name === 'ConditionalCheckFailedException') return false;
    throw err;
  }
}

/**
 * The checkpoint: moves the cursor past one chunk only if it still points at it, so a chunk is
 * counted once however many workers or retries processed it.
 */
export async function advanceCheckpoint(
  importId: string,
  chunk: number,
  rows: number,
  done: { completedAt: string } | null,
  at: string,
): Promise<boolean> {
  try {
    await db().send(
      new UpdateCommand({
        TableName: tableName(),
        Key: importKeys.item(importId),
        UpdateExpression: done
          ? 'SET nextChunk = :next, processedRows = processedRows + :rows, progressAt = :now, #status = :completed, completedAt = :at REMOVE gsi2pk, gsi2sk'
          : 'SET nextChunk = :next, processedRows = processedRows + :rows, progressAt = :now',
        ConditionExpression: 'nextChunk = :chunk AND #status = :processing',
        ExpressionAttributeNames: { '#status': 'status' },
        ExpressionAttributeValues: {
          ':chunk': chunk,
          ':next': chunk + 1,
          ':rows': rows,
          ':processing': 'processing',
          ':now': at,
          ...(done ? { ':completed': 'completed', ':at': done.completedAt } : {}),
        },
      }),
    );
    return true;
  } catch (err) {
    if ((err as Error).name === 'ConditionalCheckFailedException') return false;
    throw err;
  }
}
