import * as z from 'zod';
import { levelOf } from '../domain/region';

/**
 * A health pass (通行码) carries the least a checkpoint needs to decide (GB/T 38961's spirit): the
 * colour, a masked name to match the face, the village or grid the holder belongs to, when it was
 * issued and when it expires, its own id (for revocation) and the id of the key that signed it.
 * No ID number, no phone, no reason for the colour.
 */
export const PASS_COLOURS = ['green', 'yellow', 'red'] as const;
export const passColourSchema = z.enum(PASS_COLOURS);
export type PassColour = z.infer<typeof passColourSchema>;

/** 12 random bytes as 24 lowercase hex digits. */
export const passIdSchema = z.string().regex(/^[0-9a-f]{24}$/);
/** Short ASCII key ids (the server derives them from the public key: see passKeyId). */
export const passKidSchema = z.string().regex(/^[A-Za-z0-9_-]{1,32}$/);

export const passClaimsSchema = z.strictObject({
  passId: passIdSchema,
  kid: passKidSchema,
  colour: passColourSchema,
  /** The holder's name masked (王*国); the checkpoint compares it with the person in front of it. */
  maskedName: z.string().min(1).max(16),
  /** The holder's village/community (12 digits) or grid (15 digits). */
  regionCode: z.string().refine((code) => levelOf(code) === 'village' || levelOf(code) === 'grid'),
  /** Epoch seconds. */
  issuedAt: z.number().int().nonnegative(),
  /** Epoch seconds; a pass is valid while now < expiresAt. */
  expiresAt: z.number().int().positive(),
});
export type PassClaims = z.infer<typeof passClaimsSchema>;

/**
 * A verification key as GET /v1/pass-keys serves it and the app caches it. `publicKey` is the
 * P-256 public point in SEC1 form as lowercase hex: uncompressed (04‖x‖y, 130 digits) or compressed
 * (66 digits). Hex rather than SPKI/base64: WeChat's runtime has no atob, and noble reads hex as is.
 * `notAfter` (ISO instant): passes issued after it under this key are refused (a retired key).
 */
export interface PassKey {
  kid: string;
  publicKey: string;
  notAfter?: string;
}
export const passKeySchema = z.strictObject({
  kid: passKidSchema,
  publicKey: z.string().regex(/^(04[0-9a-f]{128}|0[23][0-9a-f]{64})$/),
  notAfter: z.iso.datetime({ offset: true }).optional(),
});

export type PassRefusal =
  | 'malformed'
  | 'unknown-key'
  | 'bad-signature'
  | 'expired'
  | 'revoked'
  | 'other-village';

export type PassVerdict =
  | { ok: true; claims: PassClaims }
  | { ok: false; reason: PassRefusal; claims?: PassClaims };

export interface PassVerifyContext {
  keys: readonly PassKey[];
  /** Pass ids revoked (the cached revocation list). */
  revoked: ReadonlySet<string>;
  now: Date;
  /** The checkpoint's village (12 digits): a pass of another village is refused. */
  villageCode?: string;
}

export { maskName } from '../domain/name';
