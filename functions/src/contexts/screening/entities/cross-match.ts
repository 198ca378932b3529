/**
 * Cross-match imports: the stored upload (pieces), parsed chunks, one item per row (which is also
 * the registration task while open), and ledger counters per region. Everything of an import is in
 * its own partition `XM#<id>`; open tasks are found through gsi1, open rows by ID hash through gsi2.
 */
import { GetCommand, QueryCommand, TransactWriteCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { ImportRow, RowOutcome } from '@grid/shared';
import { batchGet, batchWrite } from '../../../lib/dynamo/batch';
import { db, tableName } from '../../../lib/dynamo/client';
import { decodeCursor, encodeCursor, queryFilledPage } from '../../../lib/dynamo/cursor';
import { keys } from '../../../lib/dynamo/keys';
import { failedConditions } from '../../../lib/dynamo/transactions';

export type ImportSource = 'police' | 'health' | 'rail';

/** A stored row: the API's shape plus what stays inside (hashes, sealed fields, ledger bucket). */
export type RowItem = ImportRow & { ledgerRegion: string; idHash: string | null; importCreatedAt: string };

export interface ImportItem {
  importId: string;
  source: ImportSource;
  filename: string;
  format: 'csv' | 'xlsx' | 'unknown';
  requestedEncoding: 'auto' | 'utf-8' | 'gbk';
  encoding: string | null;
  columnMap: Record<string, string | number> | null;
  /** Field → header, once parsed. */
  columns: Record<string, string> | null;
  regionCode: string;
  status: 'uploading' | 'received' | 'processing' | 'completed' | 'failed';
  failure: { code: string; details?: unknown } | null;
  bytes: number;
  /** Pieces of an upload in one request (RAW#n); 0 for an upload in parts. */
  uploadPieces: number;
  /** The parts an upload in parts was started with, pinned by hash (null: one request). */
  parts?: UploadPart[] | null;
  chunkRows: number;
  totalRows: number | null;
  chunks: number | null;
  nextChunk: number;
  processedRows: number;
  createdAt: string;
  createdBy: string;
  completedAt: string | null;
  /** Last step taken (parse, chunk): the schedule takes over imports whose chain went quiet. */
  progressAt?: string;
}

/** A part of an upload in parts: its pieces sit under `PARTRAW#<part>#<sha>#<n>`. */
export interface UploadPart {
  partNumber: number;
  bytes: number;
  sha256: string;
  pieces: number;
}

export async function putUploadPieces(importId: string, pieces: string[]): Promise<void> {
  await batchWrite(
    pieces.map((data, n) => ({
      PutRequest: { Item: { ...keys.importUploadPiece(importId, n), type: 'XM_RAW', data } },
    })),
  );
}

export async function getUploadPieces(importId: string, count: number): Promise<string[]> {
  const items = await batchGet<{ sk: string; data: string }>(
    Array.from({ length: count }, (_, n) => keys.importUploadPiece(importId, n)),
  );
  if (items.length !== count) throw new Error('upload pieces missing');
  return items.sort((a, b) => a.sk.localeCompare(b.sk)).map((i) => i.data);
}

/** Stores a part's pieces, then the part item, only while the import is still uploading. */
export async function putUploadPart(importId: string, part: UploadPart, pieces: string[]): Promise<boolean> {
  await batchWrite(
    pieces.map((data, n) => ({
      PutRequest: {
        Item: { ...keys.importPartPiece(importId, part.partNumber, part.sha256, n), type: 'XM_RAW', data },
      },
    })),
  );
  try {
    await db().send(
      new TransactWriteCommand({
        TransactItems: [
          {
            ConditionCheck: {
              TableName: tableName(),
              Key: keys.crossMatchImport(importId),
              ConditionExpression: '#status = :uploading',
              ExpressionAttributeNames: { '#status': 'status' },
              ExpressionAttributeValues: { ':uploading': 'uploading' },
            },
          },
          {
            Put: {
              TableName: tableName(),
              Item: { ...keys.importPart(importId, part.partNumber), type: 'XM_PART', ...part },
            },
          },
        ],
      }),
    );
    return true;
  } catch (err) {
    if (failedConditions(err)?.[0]) return false;
    throw err;
  }
}

/** The parts received so far, by part number. */
export async function listUploadParts(importId: string): Promise<UploadPart[]> {
  const out = await db().send(
    new QueryCommand({
      TableName: tableName(),
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :p)',
      ExpressionAttributeValues: { ':pk': keys.crossMatchImport(importId).pk, ':p': 'PART#' },
      ConsistentRead: true,
    }),
  );
  return (out.Items ?? []).map((i) => ({
    partNumber: Number(i.partNumber),
    bytes: Number(i.bytes),
    sha256: String(i.sha256),
    pieces: Number(i.pieces),
  }));
}

/** The sealed pieces of the parts an import was started with, in file order. */
export async function getPartPieces(importId: string, parts: readonly UploadPart[]): Promise<string[]> {
  const wanted = parts.flatMap((p) =>
    Array.from({ length: p.pieces }, (_, n) => keys.importPartPiece(importId, p.partNumber, p.sha256, n)),
  );
  const items = await batchGet<{ sk: string; data: string }>(wanted);
  if (items.length !== wanted.length) throw new Error('upload pieces missing');
  return items.sort((a, b) => a.sk.localeCompare(b.sk)).map((i) => i.data);
}

const activeIndex = (item: { createdAt: string; importId: string }) => ({
  gsi2pk: keys.activeImports(),
  gsi2sk: `${item.createdAt}#${item.importId}`,
});

/** Imports waiting for their parts, oldest first, so the schedule can expire the abandoned ones. */
export const uploadingIndex = (item: { createdAt: string; importId: string }) => ({
  gsi2pk: keys.uploadingImports(),
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
              ...keys.crossMatchImport(item.importId),
              type: 'XM_IMPORT',
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
    new GetCommand({
      TableName: tableName(),
      Key: keys.crossMatchImport(importId),
      ConsistentRead: consistent,
    }),
  );
  return out.Item as ImportItem | undefined;
}

/** Ids of imports with work left, oldest first (gsi2 is keys only). */
export async function listActiveImportIds(): Promise<string[]> {
  const out = await db().send(
    new QueryCommand({
      TableName: tableName(),
      IndexName: 'gsi2',
      KeyConditionExpression: 'gsi2pk = :pk',
      ExpressionAttributeValues: { ':pk': keys.activeImports() },
      Limit: 50,
    }),
  );
  return (out.Items ?? []).map((i) => String(i.pk).slice('XM#'.length));
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
        Key: keys.crossMatchImport(importId),
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

/** Chunks are rewritten whole on a repeated parse: same file, same content. */
export async function putChunks(importId: string, chunks: string[]): Promise<void> {
  await batchWrite(
    chunks.map((data, n) => ({
      PutRequest: { Item: { ...keys.importChunk(importId, n), type: 'XM_CHUNK', data } },
    })),
  );
}

export async function getChunk(importId: string, n: number): Promise<string | undefined> {
  const out = await db().send(
    new GetCommand({ TableName: tableName(), Key: keys.importChunk(importId, n), ConsistentRead: true }),
  );
  return out.Item?.data as string | undefined;
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
        Key: keys.crossMatchImport(importId),
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

export interface LedgerDelta {
  total?: number;
  matched?: number;
  routed?: number;
  queued?: number;
  invalid?: number;
  duplicate?: number;
  located?: number;
  locatedMinutes?: number;
}

const LEDGER_FIELDS = [
  'total',
  'matched',
  'routed',
  'queued',
  'invalid',
  'duplicate',
  'located',
  'locatedMinutes',
] as const satisfies ReadonlyArray<keyof LedgerDelta>;

export interface LedgerItem extends Required<LedgerDelta> {
  regionCode: string;
}

/** Row transactions of a chunk run this many at a time, each adding to its own ledger shard. */
const LEDGER_SHARDS = 4;

function ledgerUpdate(importId: string, regionCode: string, delta: LedgerDelta, shard = 0) {
  const entries = Object.entries(delta).filter(([, v]) => v !== 0 && v !== undefined);
  return {
    Update: {
      TableName: tableName(),
      Key: keys.importLedger(importId, regionCode, shard),
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

export interface StoredRow extends Record<string, unknown> {
  rowNumber: number;
  ledgerRegion: string;
  outcome: RowOutcome;
}

/**
 * Writes rows exactly once: each row put is conditional on its key, and the ledger counts of the
 * rows actually written are added in the same transaction. Rows already there (a chunk processed
 * again after a crash) are dropped and the rest retried. Returns how many rows were new.
 */
export async function applyRows(
  importId: string,
  rows: readonly StoredRow[],
  deltaOf: (row: StoredRow) => LedgerDelta,
): Promise<number> {
  let written = 0;
  const GROUP = 40;
  const groups: StoredRow[][] = [];
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
  rows: StoredRow[],
  deltaOf: (row: StoredRow) => LedgerDelta,
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
                Item: { ...keys.importRow(importId, row.rowNumber), ...row },
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

export async function listLedger(importId: string): Promise<LedgerItem[]> {
  const out = await db().send(
    new QueryCommand({
      TableName: tableName(),
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :p)',
      ExpressionAttributeValues: { ':pk': keys.crossMatchImport(importId).pk, ':p': 'LEDGER#' },
      ConsistentRead: true,
    }),
  );
  // One entry per region: its shards summed.
  const byRegion = new Map<string, LedgerItem>();
  for (const item of (out.Items ?? []) as LedgerItem[]) {
    const sum = byRegion.get(item.regionCode);
    if (!sum) {
      byRegion.set(item.regionCode, { ...item });
      continue;
    }
    for (const k of LEDGER_FIELDS) sum[k] = (sum[k] ?? 0) + (item[k] ?? 0);
  }
  return [...byRegion.values()];
}

export async function listRows(
  importId: string,
  outcome: RowOutcome | undefined,
  cursor: string | undefined,
  limit: number,
): Promise<{ items: RowItem[]; nextCursor: string | null }> {
  const pk = keys.crossMatchImport(importId).pk;
  return queryFilledPage<RowItem>({
    query: { name: 'pk', value: pk, filter: `outcome=${outcome ?? ''}` },
    keyCondition: 'pk = :pk AND begins_with(sk, :p)',
    filter: outcome ? 'outcome = :o' : undefined,
    values: { ':pk': pk, ':p': 'ROW#', ...(outcome ? { ':o': outcome } : {}) },
    newestFirst: false,
    limit,
    cursor,
  });
}

export async function getRow(importId: string, rowNumber: number): Promise<RowItem | undefined> {
  const out = await db().send(
    new GetCommand({
      TableName: tableName(),
      Key: keys.importRow(importId, rowNumber),
      ConsistentRead: true,
    }),
  );
  return out.Item as RowItem | undefined;
}

/** A grid's open tasks or a region's queue (gsi1), oldest first. */
export async function listOpenRows(
  partition: string,
  cursor: string | undefined,
  limit: number,
): Promise<{ items: RowItem[]; nextCursor: string | null }> {
  const out = await db().send(
    new QueryCommand({
      TableName: tableName(),
      IndexName: 'gsi1',
      KeyConditionExpression: 'gsi1pk = :pk',
      ExpressionAttributeValues: { ':pk': partition },
      ExclusiveStartKey: decodeCursor(cursor, { name: 'gsi1pk', value: partition }),
      Limit: limit,
    }),
  );
  return {
    items: (out.Items ?? []) as RowItem[],
    nextCursor: encodeCursor(out.LastEvaluatedKey, { name: 'gsi1pk', value: partition }),
  };
}

/** Open rows naming this ID hash (gsi2 keys only). */
export async function findOpenRowKeysByIdHash(
  idHash: string,
): Promise<Array<{ importId: string; rowNumber: number }>> {
  const out = await db().send(
    new QueryCommand({
      TableName: tableName(),
      IndexName: 'gsi2',
      KeyConditionExpression: 'gsi2pk = :pk',
      ExpressionAttributeValues: { ':pk': keys.openRowsByIdHash(idHash) },
    }),
  );
  return (out.Items ?? []).map((i) => ({
    importId: String(i.pk).slice('XM#'.length),
    rowNumber: Number(String(i.sk).slice('ROW#'.length)),
  }));
}

/**
 * Closes an open row (task or queue entry) as located, and counts it in the ledger, once: the
 * update is conditional on the row still being open. False when it was closed already.
 */
export async function closeRow(
  row: RowItem,
  located: { personId: string; by: string; at: string; minutes: number },
): Promise<boolean> {
  try {
    await db().send(
      new TransactWriteCommand({
        TransactItems: [
          {
            Update: {
              TableName: tableName(),
              Key: keys.importRow(row.importId, row.rowNumber),
              UpdateExpression:
                'SET #status = :located, locatedPersonId = :p, locatedBy = :by, locatedAt = :at REMOVE gsi1pk, gsi1sk, gsi2pk, gsi2sk',
              ConditionExpression: '#status = :open',
              ExpressionAttributeNames: { '#status': 'status' },
              ExpressionAttributeValues: {
                ':located': 'located',
                ':open': 'open',
                ':p': located.personId,
                ':by': located.by,
                ':at': located.at,
              },
            },
          },
          ledgerUpdate(row.importId, row.ledgerRegion, { located: 1, locatedMinutes: located.minutes }),
        ],
      }),
    );
    return true;
  } catch (err) {
    if (failedConditions(err)?.[0]) return false;
    throw err;
  }
}

/** A centre hands a queued row to a grid: it becomes that grid's task (still open). */
export async function assignRow(
  row: RowItem,
  gridCode: string,
  gsi1: { pk: string; sk: string },
): Promise<boolean> {
  try {
    await db().send(
      new TransactWriteCommand({
        TransactItems: [
          {
            Update: {
              TableName: tableName(),
              Key: keys.importRow(row.importId, row.rowNumber),
              UpdateExpression: 'SET outcome = :routed, #route = :route, gsi1pk = :gpk, gsi1sk = :gsk',
              ConditionExpression: '#status = :open AND outcome = :queued',
              ExpressionAttributeNames: { '#status': 'status', '#route': 'route' },
              ExpressionAttributeValues: {
                ':routed': 'routed',
                ':queued': 'queued',
                ':open': 'open',
                ':route': { level: 'grid', code: gridCode, matchedName: null },
                ':gpk': gsi1.pk,
                ':gsk': gsi1.sk,
              },
            },
          },
          ledgerUpdate(row.importId, row.ledgerRegion, { queued: -1, routed: 1 }),
        ],
      }),
    );
    return true;
  } catch (err) {
    if (failedConditions(err)?.[0]) return false;
    throw err;
  }
}
