import { createHash } from 'node:crypto';
import { TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { TransactWriteCommand, type TransactWriteCommandInput } from '@aws-sdk/lib-dynamodb';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import { db, tableName } from './dynamo/client';
import { AppError } from './errors';

/** A stable fingerprint of what was asked, to tell a retry from a different request under the same key. */
export function requestHash(value: unknown): string {
  return createHash('sha256').update(JSON.stringify(value)).digest('base64url');
}

/**
 * A write found its key taken. The same key and the same request is a retry: answer the original.
 * The same key with another request is a client bug: 422. Another key: the caller's conflict.
 */
export function resolveTakenKey<T extends { idempotencyKey: string; requestHash: string }>(
  existing: T,
  idempotencyKey: string,
  hash: string,
  conflict: () => AppError,
): T {
  if (existing.idempotencyKey !== idempotencyKey) throw conflict();
  if (existing.requestHash !== hash) throw new AppError('IDEMPOTENCY_KEY_REUSED');
  return existing;
}

/** What an Idempotency-Key's claim item remembers: the key, and a fingerprint of the request it made. */
export interface KeyClaim {
  idempotencyKey: string;
  requestHash: string;
}

/** One item of a lib-dynamodb transaction. */
export type TransactItem = NonNullable<TransactWriteCommandInput['TransactItems']>[number];

/** How long a claim answers retries; the table's TTL removes it after. */
export const KEY_CLAIM_DAYS = 7;

/** A domain result of a retried write: `created` false when this call replayed the original. */
export interface Claimed<T> {
  created: boolean;
  value: T;
}

/**
 * The one way to make a write a client may repeat (every retried write except check-ins and travel
 * declarations, whose key is their own identity — see docs/architecture.md): the key's claim item and
 * the write go in one transaction, so either both land or neither does.
 *
 * When the key is already claimed, nothing is written and the claim comes back in the same call: the
 * same request (same `requestHash`) is a retry and gets the original (`original(claim)`); another
 * request under that key is a client bug, 422 IDEMPOTENCY_KEY_REUSED. Any other refusal (a write's
 * own condition) is rethrown for the caller to map.
 */
export async function claimedWrite<C extends KeyClaim, T>(args: {
  /** The claim's keys, from the entity module that owns the claim. */
  claimKey: { pk: string; sk: string };
  /** What the claim remembers beside the key and hash: the ids of what it made. */
  claim: C & { type: string };
  writes: readonly TransactItem[];
  /** What a first write answers. */
  value: T;
  /** What a replay answers: read from what the claim remembers. */
  original: (claim: C) => Promise<T | undefined>;
  now: Date;
  /**
   * false when the claim is the record itself (its key holds the Idempotency-Key, as a door visit's
   * does): it is kept, not removed by the table's TTL after KEY_CLAIM_DAYS.
   */
  expires?: boolean;
}): Promise<Claimed<T>> {
  const claimItem = {
    ...args.claimKey,
    ...args.claim,
    ...(args.expires === false
      ? {}
      : { expiresAt: Math.floor(args.now.getTime() / 1000) + KEY_CLAIM_DAYS * 86_400 }),
  };
  try {
    await db().send(
      new TransactWriteCommand({
        TransactItems: [
          {
            Put: {
              TableName: tableName(),
              Item: claimItem,
              ConditionExpression: 'attribute_not_exists(pk)',
              ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
            },
          },
          ...args.writes,
        ],
      }),
    );
    return { created: true, value: args.value };
  } catch (err) {
    const taken =
      err instanceof TransactionCanceledException ? err.CancellationReasons?.[0]?.Item : undefined;
    if (!taken) throw err;
    const claim = unmarshall(taken) as C;
    if (claim.requestHash !== args.claim.requestHash) throw new AppError('IDEMPOTENCY_KEY_REUSED');
    const original = await args.original(claim);
    if (original === undefined)
      throw new Error(`an Idempotency-Key claim (${args.claim.type}) without its write`);
    return { created: false, value: original };
  }
}
