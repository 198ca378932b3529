import { base45Decode, base45Encode } from './base45';
import { type CborMap, type CborValue, cborDecode, cborEncode, utf8Encode } from './cbor';
import { PASS_COLOURS, type PassClaims, passClaimsSchema } from './claims';

/**
 * The wire form of a pass: `HP1:` + base45( COSE_Sign1 ) where the COSE_Sign1 (RFC 9052, tag 18)
 * has protected header { alg: ES256, kid } and a CWT (RFC 8392) payload:
 *   4 exp, 6 iat, 7 cti (pass id, 12 bytes), -1 colour (0 green, 1 yellow, 2 red),
 *   -2 masked name (text), -3 village/grid code (unsigned integer).
 * The same shape as the EU Digital COVID Certificate (there `HC1:` and zlib); a pass is ~130 bytes of
 * which 64 are the signature, so zlib saves nothing and is left out.
 */
export const PASS_PREFIX = 'HP1:';

const COSE_SIGN1_TAG = 18;
const HEADER_ALG = 1;
const HEADER_KID = 4;
const ALG_ES256 = -7;
const CLAIM_EXP = 4;
const CLAIM_IAT = 6;
const CLAIM_CTI = 7;
const CLAIM_COLOUR = -1;
const CLAIM_NAME = -2;
const CLAIM_REGION = -3;

export function hexToBytes(hex: string): Uint8Array {
  const out = new Uint8Array(hex.length / 2);
  for (let i = 0; i < out.length; i++) out[i] = Number.parseInt(hex.slice(i * 2, i * 2 + 2), 16);
  return out;
}

export function bytesToHex(bytes: Uint8Array): string {
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}

function asciiDecode(bytes: Uint8Array): string {
  return String.fromCharCode(...bytes);
}

/** The bytes an ES256 signature covers: COSE's Sig_structure ["Signature1", protected, h'', payload]. */
export function sigStructure(protectedHeader: Uint8Array, payload: Uint8Array): Uint8Array {
  return cborEncode(['Signature1', protectedHeader, new Uint8Array(0), payload]);
}

function claimsToCwt(claims: PassClaims): CborMap {
  return new Map<number, CborValue>([
    [CLAIM_EXP, claims.expiresAt],
    [CLAIM_IAT, claims.issuedAt],
    [CLAIM_CTI, hexToBytes(claims.passId)],
    [CLAIM_COLOUR, PASS_COLOURS.indexOf(claims.colour)],
    [CLAIM_NAME, claims.maskedName],
    [CLAIM_REGION, Number(claims.regionCode)],
  ]);
}

/**
 * Encodes and signs a pass. `sign` receives the Sig_structure bytes and returns the raw 64-byte r‖s
 * ECDSA P-256 signature over their SHA-256 (what KMS's ECDSA_SHA_256 with MessageType RAW signs,
 * once its DER answer is converted).
 */
export async function encodePass(
  claims: PassClaims,
  sign: (message: Uint8Array) => Promise<Uint8Array>,
): Promise<string> {
  const valid = passClaimsSchema.parse(claims);
  const protectedHeader = cborEncode(
    new Map<number, CborValue>([
      [HEADER_ALG, ALG_ES256],
      [HEADER_KID, utf8Encode(valid.kid)],
    ]),
  );
  const payload = cborEncode(claimsToCwt(valid));
  const signature = await sign(sigStructure(protectedHeader, payload));
  if (signature.length !== 64) throw new Error('A pass signature must be raw r‖s (64 bytes)');
  const cose = cborEncode({
    tag: COSE_SIGN1_TAG,
    value: [protectedHeader, new Map(), payload, signature],
  });
  return PASS_PREFIX + base45Encode(cose);
}

export interface DecodedPass {
  claims: PassClaims;
  /** What the signature covers. */
  signed: Uint8Array;
  signature: Uint8Array;
}

function bytesAt(map: CborMap, key: number): Uint8Array | null {
  const v = map.get(key);
  return v instanceof Uint8Array ? v : null;
}

/** Parses a pass without checking its signature; null when it is not a well-formed pass. */
export function decodePass(text: string): DecodedPass | null {
  const trimmed = text.trim();
  if (!trimmed.startsWith(PASS_PREFIX)) return null;
  const raw = base45Decode(trimmed.slice(PASS_PREFIX.length));
  if (raw === null) return null;
  let outer: CborValue;
  try {
    outer = cborDecode(raw);
  } catch {
    return null;
  }
  if (typeof outer !== 'object' || !('tag' in outer) || outer.tag !== COSE_SIGN1_TAG) return null;
  const parts = outer.value;
  if (!Array.isArray(parts) || parts.length !== 4) return null;
  const [protectedHeader, unprotected, payload, signature] = parts;
  if (!(protectedHeader instanceof Uint8Array) || !(payload instanceof Uint8Array)) return null;
  if (!(unprotected instanceof Map) || unprotected.size !== 0) return null;
  if (!(signature instanceof Uint8Array) || signature.length !== 64) return null;
  try {
    const header = cborDecode(protectedHeader);
    const cwt = cborDecode(payload);
    if (!(header instanceof Map) || header.size !== 2 || header.get(HEADER_ALG) !== ALG_ES256) return null;
    if (!(cwt instanceof Map) || cwt.size !== 6) return null;
    const kid = bytesAt(header, HEADER_KID);
    const cti = bytesAt(cwt, CLAIM_CTI);
    const colourIndex = cwt.get(CLAIM_COLOUR);
    const region = cwt.get(CLAIM_REGION);
    const name = cwt.get(CLAIM_NAME);
    if (kid === null || cti === null || typeof colourIndex !== 'number' || typeof region !== 'number')
      return null;
    const parsed = passClaimsSchema.safeParse({
      passId: bytesToHex(cti),
      kid: asciiDecode(kid),
      colour: PASS_COLOURS[colourIndex],
      maskedName: name,
      regionCode: String(region),
      issuedAt: cwt.get(CLAIM_IAT),
      expiresAt: cwt.get(CLAIM_EXP),
    });
    if (!parsed.success) return null;
    return { claims: parsed.data, signed: sigStructure(protectedHeader, payload), signature };
  } catch {
    return null;
  }
}
