import { AppError } from '../errors';

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
