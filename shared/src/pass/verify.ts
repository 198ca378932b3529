import { p256 } from '@noble/curves/nist.js';
import type { PassKey, PassVerdict, PassVerifyContext } from './claims';
import { decodePass, hexToBytes } from './cose';

/** Public keys parsed once per key string: parsing a point costs more than the check itself. */
const parsedKeys = new Map<string, Uint8Array | null>();

function keyBytes(key: PassKey): Uint8Array | null {
  let bytes = parsedKeys.get(key.publicKey);
  if (bytes === undefined) {
    try {
      bytes = /^(04[0-9a-f]{128}|0[23][0-9a-f]{64})$/.test(key.publicKey) ? hexToBytes(key.publicKey) : null;
      if (bytes !== null) p256.Point.fromBytes(bytes).assertValidity();
    } catch {
      bytes = null;
    }
    if (parsedKeys.size > 64) parsedKeys.clear();
    parsedKeys.set(key.publicKey, bytes);
  }
  return bytes;
}

/**
 * Verifies a scanned pass with no network: the signature against the cached keys, then expiry,
 * the cached revocation list and the checkpoint's village, in that order (a forged pass is
 * 'bad-signature' whatever it claims). Never throws. A refusal after a good signature carries the
 * claims, so the checkpoint can show whose pass it was.
 */
export function verifyPass(text: string, ctx: PassVerifyContext): PassVerdict {
  const decoded = decodePass(text);
  if (decoded === null) return { ok: false, reason: 'malformed' };
  const { claims } = decoded;
  const key = ctx.keys.find((k) => k.kid === claims.kid);
  if (key === undefined) return { ok: false, reason: 'unknown-key' };
  const publicKey = keyBytes(key);
  if (publicKey === null) return { ok: false, reason: 'unknown-key' };
  let valid = false;
  try {
    // KMS does not normalise s to its low half, so high-s signatures are accepted (ES256 allows both).
    valid = p256.verify(decoded.signature, decoded.signed, publicKey, { prehash: true, lowS: false });
  } catch {
    valid = false;
  }
  if (!valid) return { ok: false, reason: 'bad-signature' };
  if (key.notAfter !== undefined && claims.issuedAt * 1000 > Date.parse(key.notAfter)) {
    return { ok: false, reason: 'unknown-key', claims };
  }
  const nowSeconds = Math.floor(ctx.now.getTime() / 1000);
  if (nowSeconds >= claims.expiresAt) return { ok: false, reason: 'expired', claims };
  if (ctx.revoked.has(claims.passId)) return { ok: false, reason: 'revoked', claims };
  if (ctx.villageCode !== undefined && !claims.regionCode.startsWith(ctx.villageCode)) {
    return { ok: false, reason: 'other-village', claims };
  }
  return { ok: true, claims };
}
