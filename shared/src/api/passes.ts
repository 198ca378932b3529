import * as z from 'zod';
import { passColourSchema, passIdSchema, passKeySchema, passKidSchema } from '../pass/claims';
import { idSchema } from './common';

/**
 * The health pass over the API (issue 19). The signed text (`HP1:…`, see shared/src/pass) is what the
 * QR code holds; the other fields repeat its claims for display, so the app shows a pass without
 * decoding it. Times are ISO instants here and epoch seconds inside the signed text.
 */
export const issuedPassSchema = z.object({
  personId: idSchema,
  passId: passIdSchema,
  kid: passKidSchema,
  colour: passColourSchema,
  maskedName: z.string(),
  regionCode: z.string(),
  /** The grid's or village's name, for display (not signed: the checkpoint reads the code). */
  regionName: z.string(),
  issuedAt: z.iso.datetime(),
  expiresAt: z.iso.datetime(),
  /** The QR content: HP1: + base45(COSE_Sign1). */
  text: z.string().startsWith('HP1:'),
});
export type IssuedPass = z.infer<typeof issuedPassSchema>;

/** GET /v1/me/passes: one current pass per member of the caller's household (a proxy phone shows them all). */
export const passListSchema = z.lazy(() => z.object({ passes: z.array(issuedPassSchema) }));
export type PassList = z.infer<typeof passListSchema>;

/** GET /v1/pass-keys: the keys a checkpoint verifies with (the current one and those still inside a pass's life). */
export const passKeysSchema = z.lazy(() => z.object({ keys: z.array(passKeySchema) }));
export type PassKeys = z.infer<typeof passKeysSchema>;

export const passRevocationSchema = z.lazy(() =>
  z.object({
    passId: passIdSchema,
    revokedAt: z.iso.datetime(),
    /** When the pass would have expired: after it, the checkpoint may forget the revocation. */
    expiresAt: z.iso.datetime(),
  }),
);
export type PassRevocation = z.infer<typeof passRevocationSchema>;

/** GET /v1/pass-revocations?since=<ISO>&cursor=: revocations at or after `since`, oldest first, paged. */
export const passRevocationsQuerySchema = z.lazy(() =>
  z.strictObject({
    since: z.iso.datetime({ offset: true }).optional(),
    cursor: z.string().max(512).optional(),
    limit: z.coerce.number().int().min(1).max(500).default(200),
  }),
);
export const passRevocationPageSchema = z.lazy(() =>
  z.object({
    items: z.array(passRevocationSchema),
    nextCursor: z.string().nullable(),
    /** Pass `asOf` as the next `since` once the last page is read: nothing before it is missed. */
    asOf: z.iso.datetime(),
  }),
);
export type PassRevocationPage = z.infer<typeof passRevocationPageSchema>;

export const PDF_CONTENT_TYPE = 'application/pdf';
/** The printed pass (binary, sent base64 through API Gateway). */
export const passPdfSchema = z
  .string()
  .meta({ contentMediaType: PDF_CONTENT_TYPE, description: 'PDF, one A4 page' });
