/**
 * Access that ends when it should. A token names the access version its user had when it was
 * issued; unassigning a grid, a role change and disabling the account raise the stored version
 * (data/users.ts, data/hierarchy.ts). Each container remembers a user's current version for at
 * most ACCESS_CACHE_SECONDS, so a change takes effect on every route within that time, at the cost
 * of one small eventually consistent GetItem per active user per warm container per period
 * (docs/architecture.md, "Access changes").
 */
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { db, tableName } from '../dynamo/client';
import { keys } from '../dynamo/keys';
import { AppError } from '../errors';
import type { Principal } from './tokens';

/** Half the promised 60 s: a change is seen within 30 s of the last read, whatever the clocks. */
export const ACCESS_CACHE_SECONDS = 30;
const MAX_CACHED_USERS = 10_000;

interface Current {
  version: number;
  role: string | null;
  disabled: boolean;
  readAt: number;
}

const cache = new Map<string, Current>();
/** Reads made by this container (the figure docs/architecture.md quotes is measured with it). */
export const accessReads = { count: 0 };

async function readCurrent(userId: string, at: number): Promise<Current> {
  accessReads.count++;
  const out = await db().send(
    new GetCommand({
      TableName: tableName(),
      Key: keys.user(userId),
      ProjectionExpression: 'accessVersion, #role, disabled',
      ExpressionAttributeNames: { '#role': 'role' },
    }),
  );
  const item = out.Item;
  return {
    version: typeof item?.accessVersion === 'number' ? item.accessVersion : 0,
    role: typeof item?.role === 'string' ? item.role : null,
    disabled: item?.disabled === true || !item,
    readAt: at,
  };
}

/**
 * Refuses a token whose user was disabled, changed role or lost access since it was issued:
 * 401 TOKEN_REVOKED (the app signs in again and gets what the user may do now).
 * `at` is the request's time (local tests may move it to show the cache expiring).
 */
export async function assertAccessCurrent(principal: Principal, at: number): Promise<void> {
  let current = cache.get(principal.userId);
  // A token newer than what this container read (a re-login elsewhere) proves the read is stale.
  if (
    !current ||
    Math.abs(at - current.readAt) >= ACCESS_CACHE_SECONDS * 1000 ||
    current.version < principal.accessVersion
  ) {
    current = await readCurrent(principal.userId, at);
    cache.delete(principal.userId); // re-insert: the map's order is least recently read first
    cache.set(principal.userId, current);
    if (cache.size > MAX_CACHED_USERS) {
      const oldest = cache.keys().next().value;
      if (oldest !== undefined) cache.delete(oldest);
    }
  }
  if (current.disabled || current.role !== principal.role || current.version !== principal.accessVersion) {
    throw new AppError('TOKEN_REVOKED');
  }
}
