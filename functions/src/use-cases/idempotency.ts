import { createHash } from 'node:crypto';
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
