import { createHmac, timingSafeEqual } from 'node:crypto';
import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import { config } from '../config';
import { AppError } from '../errors';
import { db, tableName } from './client';

type Key = Record<string, unknown>;

/**
 * The query a cursor belongs to: the partition it reads (`pk` or `gsi1pk` and its value) and
 * whatever else decides which items the list holds (a status, a grid, an outcome). A cursor made
 * by one query is refused by every other.
 */
export interface CursorQuery {
  name: string;
  value: string;
  /** Filters that are not part of the partition, as one stable string (e.g. `status=open`). */
  filter?: string;
}

const VERSION = 'c1';
/** The key attributes a last-evaluated key may hold: the table's, plus gsi1's when gsi1 is read. */
const TABLE_KEYS = ['pk', 'sk'];
const GSI1_KEYS = ['pk', 'sk', 'gsi1pk', 'gsi1sk'];

let macKey: { from: string; key: Buffer } | undefined;
/** A key of its own for cursors, derived from the token signing key (a cursor is not a token). */
function cursorKey(): Buffer {
  const secret = config().TOKEN_SIGNING_KEY;
  if (macKey?.from !== secret) {
    macKey = { from: secret, key: createHmac('sha256', secret).update('grid-platform/cursor/v1').digest() };
  }
  return macKey.key;
}

function mac(query: CursorQuery, payload: string): Buffer {
  return createHmac('sha256', cursorKey())
    .update(`${query.name}\n${query.value}\n${query.filter ?? ''}\n${payload}`)
    .digest()
    .subarray(0, 16);
}

/**
 * Opaque page cursor: the last evaluated key, base64url-encoded, with an HMAC over it and the
 * query that made it (`c1.<key>.<mac>`).
 */
export function encodeCursor(lastKey: Key | undefined, query: CursorQuery): string | null {
  if (!lastKey) return null;
  const payload = Buffer.from(JSON.stringify(lastKey)).toString('base64url');
  return `${VERSION}.${payload}.${mac(query, payload).toString('base64url')}`;
}

/**
 * Decodes a cursor made by this very query: a cursor edited by hand, made by another list, another
 * partition or another filter, or signed with another key is 400 INVALID_CURSOR, never a query.
 */
export function decodeCursor(cursor: string | undefined, query: CursorQuery): Key | undefined {
  if (cursor === undefined || cursor === '') return undefined;
  const [version, payload, tag, ...rest] = cursor.split('.');
  if (version !== VERSION || !payload || !tag || rest.length > 0) throw new AppError('INVALID_CURSOR');
  const given = Buffer.from(tag, 'base64url');
  const expected = mac(query, payload);
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
    throw new AppError('INVALID_CURSOR');
  }
  // Signed by us for this query: the shape checks below guard against our own mistakes only.
  let key: unknown;
  try {
    key = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8'));
  } catch {
    throw new AppError('INVALID_CURSOR');
  }
  const allowed = query.name === 'pk' ? TABLE_KEYS : GSI1_KEYS;
  if (
    typeof key !== 'object' ||
    key === null ||
    Array.isArray(key) ||
    (key as Key)[query.name] !== query.value ||
    !Object.entries(key).every(([k, v]) => allowed.includes(k) && typeof v === 'string' && v !== '')
  ) {
    throw new AppError('INVALID_CURSOR');
  }
  return key as Key;
}

/**
 * One page of a partition — the table's (`pk`, optionally `sk` prefix) or gsi1's (`gsi1pk`) — with
 * the opaque cursor of the next page (null at the end).
 */
export async function queryPage<T>(opts: {
  partition: string;
  index?: 'gsi1';
  skPrefix?: string;
  newestFirst: boolean;
  limit: number;
  cursor?: string;
}): Promise<{ items: T[]; nextCursor: string | null }> {
  const keyName = opts.index ? 'gsi1pk' : 'pk';
  const query = { name: keyName, value: opts.partition, filter: opts.skPrefix ?? '' };
  const out = await db().send(
    new QueryCommand({
      TableName: tableName(),
      ...(opts.index ? { IndexName: opts.index } : {}),
      KeyConditionExpression: opts.skPrefix ? `${keyName} = :pk AND begins_with(sk, :p)` : `${keyName} = :pk`,
      ExpressionAttributeValues: { ':pk': opts.partition, ...(opts.skPrefix ? { ':p': opts.skPrefix } : {}) },
      ScanIndexForward: !opts.newestFirst,
      Limit: opts.limit,
      ExclusiveStartKey: decodeCursor(opts.cursor, query),
    }),
  );
  return { items: (out.Items ?? []) as T[], nextCursor: encodeCursor(out.LastEvaluatedKey, query) };
}

/**
 * Items read past a filter before a page that already holds something may stop short. A page
 * never comes back empty with a cursor: with nothing found it reads on to the partition's end.
 */
export const FILTERED_READ_BUDGET = 1000;

/** An item's key as DynamoDB's LastEvaluatedKey names it for the table or for gsi1. */
function keyOf(item: Key, index: 'gsi1' | undefined): Key {
  const names = index ? GSI1_KEYS : TABLE_KEYS;
  return Object.fromEntries(names.map((n) => [n, item[n]]));
}

/**
 * One page of a query whose filter runs after DynamoDB's limit. Reads on until the page holds
 * `limit` items, the partition ends, or (the page holding at least one item) FILTERED_READ_BUDGET
 * items were read; so a page either holds items or is the last.
 */
export async function queryFilledPage<T>(opts: {
  index?: 'gsi1';
  query: CursorQuery;
  keyCondition: string;
  filter: string | undefined;
  values: Record<string, unknown>;
  newestFirst: boolean;
  limit: number;
  cursor: string | undefined;
}): Promise<{ items: T[]; nextCursor: string | null }> {
  const items: T[] = [];
  let startKey = decodeCursor(opts.cursor, opts.query);
  let read = 0;
  do {
    const out = await db().send(
      new QueryCommand({
        TableName: tableName(),
        ...(opts.index ? { IndexName: opts.index } : {}),
        KeyConditionExpression: opts.keyCondition,
        ...(opts.filter ? { FilterExpression: opts.filter } : {}),
        ExpressionAttributeValues: opts.values,
        ScanIndexForward: !opts.newestFirst,
        ExclusiveStartKey: startKey,
        // Unfiltered, the limit is exact; filtered, read in larger steps (one page costs the same).
        Limit: opts.filter ? Math.max(opts.limit - items.length, 100) : opts.limit - items.length,
      }),
    );
    read += out.ScannedCount ?? 0;
    const found = (out.Items ?? []) as T[];
    const room = opts.limit - items.length;
    items.push(...found.slice(0, room));
    // Stopped inside this response: the next page starts after the last item kept.
    startKey = found.length > room ? keyOf(found[room - 1] as Key, opts.index) : out.LastEvaluatedKey;
  } while (startKey && items.length < opts.limit && (items.length === 0 || read < FILTERED_READ_BUDGET));
  return { items, nextCursor: encodeCursor(startKey, opts.query) };
}
