/**
 * Reading stored items through their entity's zod schema. An item that does not fit is a bug or a
 * half-migrated item: it is logged by type and key (never its contents, which may be personal) and
 * refused with an error that names the type, so a bad item never travels on as a typed value.
 */
import type * as z from 'zod';
import { logger } from '../middleware/logger';

export class StoredItemInvalidError extends Error {
  override name = 'StoredItemInvalidError';
}

export function parseItem<S extends z.ZodType>(schema: S, raw: Record<string, unknown>): z.output<S> {
  const result = schema.safeParse(raw);
  if (result.success) return result.data;
  logger.error('stored item does not fit its schema', {
    type: raw.type,
    pk: raw.pk,
    sk: raw.sk,
    issues: result.error.issues.map((i) => ({ path: i.path.join('.'), code: i.code })),
  });
  throw new StoredItemInvalidError(`a stored ${String(raw.type)} item does not fit its schema`);
}

/** `parseItem` for a missing-or-present read: undefined stays undefined. */
export function parseOptionalItem<S extends z.ZodType>(
  schema: S,
  raw: Record<string, unknown> | undefined,
): z.output<S> | undefined {
  return raw === undefined ? undefined : parseItem(schema, raw);
}

export function parseItems<S extends z.ZodType>(
  schema: S,
  raws: readonly Record<string, unknown>[],
): z.output<S>[] {
  return raws.map((raw) => parseItem(schema, raw));
}
