import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import { AppError } from '../errors';
import { db, tableName } from './client';

type Key = Record<string, unknown>;

/** Opaque page cursor: the last evaluated key, base64url-encoded. */
export function encodeCursor(lastKey: Key | undefined): string | null {
  return lastKey ? Buffer.from(JSON.stringify(lastKey)).toString('base64url') : null;
}

/**
 * Decodes a cursor and checks it belongs to the partition being read, so a cursor forged
 * from another grid's page cannot be used to read that grid.
 */
export function decodeCursor(
  cursor: string | undefined,
  partition: { name: string; value: string },
): Key | undefined {
  if (!cursor) return undefined;
  try {
    const key: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (
      typeof key === 'object' &&
      key !== null &&
      !Array.isArray(key) &&
      (key as Key)[partition.name] === partition.value &&
      Object.values(key).every((v) => typeof v === 'string')
    ) {
      return key as Key;
    }
  } catch {
    // fall through
  }
  throw new AppError('INVALID_CURSOR');
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
  const out = await db().send(
    new QueryCommand({
      TableName: tableName(),
      ...(opts.index ? { IndexName: opts.index } : {}),
      KeyConditionExpression: opts.skPrefix ? `${keyName} = :pk AND begins_with(sk, :p)` : `${keyName} = :pk`,
      ExpressionAttributeValues: { ':pk': opts.partition, ...(opts.skPrefix ? { ':p': opts.skPrefix } : {}) },
      ScanIndexForward: !opts.newestFirst,
      Limit: opts.limit,
      ExclusiveStartKey: decodeCursor(opts.cursor, { name: keyName, value: opts.partition }),
    }),
  );
  return { items: (out.Items ?? []) as T[], nextCursor: encodeCursor(out.LastEvaluatedKey) };
}
