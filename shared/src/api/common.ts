import * as z from 'zod';
import { ULID_PATTERN } from '../domain/ids';

/** Every error answer has this body. */
export const errorBodySchema = z.lazy(() =>
  z.object({
    error: z.object({
      code: z.string(),
      message: z.string(),
      details: z.unknown().optional(),
    }),
  }),
);
export type ErrorBody = z.infer<typeof errorBodySchema>;

/** Ids are ULIDs: sortable by creation time, unguessable enough not to be enumerated. */
export const idSchema = z.string().regex(new RegExp(`^${ULID_PATTERN}$`), 'ID_INVALID');

/** Sent by phones that may retry; the same key returns the original answer. */
export const idempotencyKeySchema = z.string().regex(/^[A-Za-z0-9_-]{8,64}$/, 'IDEMPOTENCY_KEY_INVALID');

export const pageQuerySchema = z.strictObject({
  cursor: z.string().max(512).optional(),
  limit: z.coerce.number().int().min(1).max(100).default(20),
});

export function pageOf<T extends z.ZodType>(item: T) {
  return z.object({ items: z.array(item), nextCursor: z.string().nullable() });
}

export const verificationSchema = z.lazy(() =>
  z.object({
    status: z.enum(['pending', 'confirmed', 'rejected']),
    method: z.enum(['phone', 'visit', 'wechat']).optional(),
    note: z.string().optional(),
    verifiedBy: z.string().optional(),
    verifiedAt: z.string().optional(),
  }),
);
export type Verification = z.infer<typeof verificationSchema>;

export const roleSchema = z.enum(['resident', 'gridworker', 'volunteer', 'centre', 'admin']);
export type Role = z.infer<typeof roleSchema>;

/**
 * Free text a person types: trimmed; no control characters, no lone surrogates and no U+FFFD
 * (what invalid UTF-8 decodes to), so nothing malformed is stored or echoed.
 */
export function textSchema(max: number) {
  return z
    .string()
    .trim()
    .max(max)
    .regex(/^[^\p{Cc}\p{Cs}\uFFFD]*$/u, 'TEXT_INVALID');
}

/** Characters that show something: not format (zero-width), space, mark, control or filler characters. */
const VISIBLE = /[^\p{Cc}\p{Cf}\p{Z}\p{M}\s\u115F\u1160\u3164\uFFA0\u2800]/u;

/** A name (a person's, a grid's, a place's): well-formed text with at least one visible character. */
export function nameSchema(max: number) {
  return textSchema(max)
    .min(1)
    .refine((s) => VISIBLE.test(s), 'NAME_INVALID');
}
