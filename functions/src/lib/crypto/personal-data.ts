/**
 * ID numbers and phones are stored encrypted (AES-256-GCM) and found by a keyed hash
 * (HMAC-SHA-256), so neither a table export nor an index reveals them.
 *
 * Data keys rotate: the keyring holds several keys by id, new values are sealed under the
 * current one as `v2.<keyId>.<iv>.<body>.<tag>`, and any key of the ring opens what it sealed.
 * `v1.<iv>.<body>.<tag>` (before rotation existed) was sealed under DATA_KEY, id `k1`.
 * The hash key cannot rotate this way: see docs/deploy.md, "Rotating keys".
 */
import { createCipheriv, createDecipheriv, createHmac, randomBytes } from 'node:crypto';
import { type Config, config, LEGACY_DATA_KEY_ID } from '../config';

export interface DataKeyring {
  current: string;
  keys: ReadonlyMap<string, Buffer>;
}

let cached: { from: Config; ring: DataKeyring; hash: Buffer } | undefined;

/** The keyring and hash key of the current configuration (rebuilt when config is re-read). */
function material() {
  const c = config();
  if (cached?.from !== c) {
    cached = { from: c, ring: keyringOf(c), hash: Buffer.from(c.HASH_KEY, 'base64') };
  }
  return cached;
}

export function keyringOf(c: Pick<Config, 'DATA_KEY' | 'DATA_KEYS' | 'DATA_KEY_CURRENT'>): DataKeyring {
  const keys = new Map<string, Buffer>();
  if (c.DATA_KEY) keys.set(LEGACY_DATA_KEY_ID, Buffer.from(c.DATA_KEY, 'base64'));
  for (const [id, key] of Object.entries(c.DATA_KEYS)) keys.set(id, Buffer.from(key, 'base64'));
  const current = c.DATA_KEY_CURRENT ?? [...keys.keys()][0];
  if (!current || !keys.has(current)) throw new Error('The data keyring has no current key');
  return { current, keys };
}

/** The id of the key new values are sealed under. */
export function currentDataKeyId(): string {
  return material().ring.current;
}

export function encryptField(plain: string, ring: DataKeyring = material().ring): string {
  const key = ring.keys.get(ring.current);
  if (!key) throw new Error('The data keyring has no current key');
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  const body = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
  return [
    'v2',
    ring.current,
    iv.toString('base64'),
    body.toString('base64'),
    cipher.getAuthTag().toString('base64'),
  ].join('.');
}

/** The key id a sealed value names (`k1` for v1), or throws on an unknown format. */
export function sealedKeyId(sealed: string): string {
  return parseSealed(sealed).keyId;
}

export function decryptField(sealed: string, ring: DataKeyring = material().ring): string {
  const { keyId, iv, body, tag } = parseSealed(sealed);
  const key = ring.keys.get(keyId);
  // Names the key id only, never the value.
  if (!key)
    throw new Error(`Sealed field uses data key ${JSON.stringify(keyId)}, which is not in the keyring`);
  const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(iv, 'base64'));
  decipher.setAuthTag(Buffer.from(tag, 'base64'));
  return Buffer.concat([decipher.update(Buffer.from(body, 'base64')), decipher.final()]).toString('utf8');
}

/**
 * The value sealed under the current key, or undefined when it already is (nothing to write).
 * The re-encryption procedure (docs/deploy.md) calls this for every sealed attribute.
 */
export function resealField(sealed: string, ring: DataKeyring = material().ring): string | undefined {
  if (parseSealed(sealed).version === 'v2' && sealedKeyId(sealed) === ring.current) return undefined;
  return encryptField(decryptField(sealed, ring), ring);
}

function parseSealed(sealed: string) {
  const parts = sealed.split('.');
  if (parts[0] === 'v1' && parts.length === 4) {
    const [, iv = '', body = '', tag = ''] = parts;
    if (iv && body && tag) return { version: 'v1', keyId: LEGACY_DATA_KEY_ID, iv, body, tag } as const;
  }
  if (parts[0] === 'v2' && parts.length === 5) {
    const [, keyId = '', iv = '', body = '', tag = ''] = parts;
    if (keyId && iv && body && tag) return { version: 'v2', keyId, iv, body, tag } as const;
  }
  throw new Error('Unknown sealed-field format');
}

/** Kind-separated, so an ID hash can never equal a phone hash. */
export function keyedHash(kind: 'id' | 'phone' | 'name-birth', value: string): string {
  return createHmac('sha256', material().hash).update(`${kind}:${value}`).digest('base64url');
}
