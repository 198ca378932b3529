/**
 * ID numbers and phones are stored encrypted (AES-256-GCM) and found by a keyed hash
 * (HMAC-SHA-256), so neither a table export nor an index reveals them.
 */
import { createCipheriv, createDecipheriv, createHmac, randomBytes } from 'node:crypto';
import { config } from '../config';

const VERSION = 'v1';

function keys() {
  const c = config();
  return { data: Buffer.from(c.DATA_KEY, 'base64'), hash: Buffer.from(c.HASH_KEY, 'base64') };
}

export function encryptField(plain: string): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', keys().data, iv);
  const body = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
  return [
    VERSION,
    iv.toString('base64'),
    body.toString('base64'),
    cipher.getAuthTag().toString('base64'),
  ].join('.');
}

export function decryptField(sealed: string): string {
  const [version, iv, body, tag] = sealed.split('.');
  if (version !== VERSION || !iv || !body || !tag) throw new Error('Unknown sealed-field format');
  const decipher = createDecipheriv('aes-256-gcm', keys().data, Buffer.from(iv, 'base64'));
  decipher.setAuthTag(Buffer.from(tag, 'base64'));
  return Buffer.concat([decipher.update(Buffer.from(body, 'base64')), decipher.final()]).toString('utf8');
}

/** Kind-separated, so an ID hash can never equal a phone hash. */
export function keyedHash(kind: 'id' | 'phone' | 'name-birth', value: string): string {
  return createHmac('sha256', keys().hash).update(`${kind}:${value}`).digest('base64url');
}
