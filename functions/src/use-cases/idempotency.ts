import { createHash } from 'node:crypto';
import { failedConditions } from '../data/transactions';
import { AppError } from '../errors';

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

/**
 * A transaction that claims an idempotency key was cancelled: when the key's condition failed
 * (item 0), the earlier write under the key is the answer (or 422 if it asked something else).
 */
export async function originalAfterRefusal<T extends { idempotencyKey: string; requestHash: string }>(
  err: unknown,
  loadExisting: () => Promise<T | undefined>,
  idempotencyKey: string,
  hash: string,
): Promise<T> {
  if (!failedConditions(err)?.[0]) throw err;
  const existing = await loadExisting();
  if (!existing) throw err;
  return resolveTakenKey(existing, idempotencyKey, hash, () => new AppError('IDEMPOTENCY_KEY_REUSED'));
}
