import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { LOCAL_SECRETS } from '../local/local-env';
import { config, resetConfigForTests } from '../src/lib/config';
import {
  type DataKeyUnwrapper,
  dataKeyEncryptionContext,
  unwrapDataKeysIntoEnv,
  WRAPPED_DATA_KEYS_ENV,
} from '../src/lib/config-secrets';
import {
  currentDataKeyId,
  decryptField,
  encryptField,
  keyedHash,
  resealField,
  sealedKeyId,
} from '../src/lib/crypto/personal-data';

const saved = { ...process.env };
const KEY_NAMES = ['DATA_KEY', 'DATA_KEYS', 'DATA_KEY_CURRENT'] as const;

/** Replaces the data-key settings and makes config() read them again. */
function useKeys(settings: Partial<Record<(typeof KEY_NAMES)[number], string>>) {
  for (const name of KEY_NAMES) delete process.env[name];
  Object.assign(process.env, settings);
  resetConfigForTests();
}

const newKey = () => randomBytes(32).toString('base64');

/** A value sealed the way the code did before rotation existed: `v1.iv.body.tag` under DATA_KEY. */
function sealV1(plain: string, key: string): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', Buffer.from(key, 'base64'), iv);
  const body = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
  return ['v1', iv, body, cipher.getAuthTag()]
    .map((p) => (typeof p === 'string' ? p : p.toString('base64')))
    .join('.');
}

beforeEach(() => {
  Object.assign(process.env, LOCAL_SECRETS, { TABLE_NAME: 'unit-tests' });
  useKeys({ DATA_KEY: LOCAL_SECRETS.DATA_KEY });
});

afterEach(() => {
  process.env = { ...saved };
  resetConfigForTests();
});

describe('personal-data encryption', () => {
  it('round-trips and never stores the plain value', () => {
    const sealed = encryptField('11010519491231002X');
    expect(sealed).not.toContain('11010519491231002X');
    expect(sealed.startsWith('v2.k1.')).toBe(true);
    expect(decryptField(sealed)).toBe('11010519491231002X');
  });

  it('uses a fresh IV each time, so equal values do not look equal at rest', () => {
    expect(encryptField('13812345678')).not.toBe(encryptField('13812345678'));
  });

  it('refuses a tampered ciphertext', () => {
    const [v, keyId, iv, body, tag] = encryptField('13812345678').split('.');
    const flipped = Buffer.from(body!, 'base64');
    flipped[0] = flipped[0]! ^ 1;
    expect(() => decryptField([v, keyId, iv, flipped.toString('base64'), tag].join('.'))).toThrow();
  });

  it('refuses unknown formats', () => {
    expect(() => decryptField('v3.k1.a.b.c')).toThrow('Unknown sealed-field format');
    expect(() => decryptField('v2.a.b.c')).toThrow('Unknown sealed-field format');
    expect(() => decryptField('13812345678')).toThrow('Unknown sealed-field format');
  });

  it('hashes deterministically and separates kinds', () => {
    expect(keyedHash('phone', '13812345678')).toBe(keyedHash('phone', '13812345678'));
    expect(keyedHash('id', '13812345678')).not.toBe(keyedHash('phone', '13812345678'));
  });
});

describe('data key rotation', () => {
  it('reads values sealed before rotation existed (v1, under DATA_KEY as k1)', () => {
    const legacy = sealV1('13812345678', LOCAL_SECRETS.DATA_KEY);
    expect(sealedKeyId(legacy)).toBe('k1');
    expect(decryptField(legacy)).toBe('13812345678');
    useKeys({
      DATA_KEY: LOCAL_SECRETS.DATA_KEY,
      DATA_KEYS: JSON.stringify({ k2: newKey() }),
      DATA_KEY_CURRENT: 'k2',
    });
    expect(decryptField(legacy)).toBe('13812345678');
  });

  it('rotate: old records stay readable, new ones use the new key, re-sealing moves the old ones', () => {
    const before = encryptField('11010519491231002X');
    const hashBefore = keyedHash('id', '11010519491231002X');

    const k2 = newKey();
    useKeys({ DATA_KEY: LOCAL_SECRETS.DATA_KEY, DATA_KEYS: JSON.stringify({ k2 }), DATA_KEY_CURRENT: 'k2' });
    expect(currentDataKeyId()).toBe('k2');
    expect(decryptField(before)).toBe('11010519491231002X');
    const after = encryptField('13812345678');
    expect(sealedKeyId(after)).toBe('k2');
    // Only the data key rotated: lookups by hash still match.
    expect(keyedHash('id', '11010519491231002X')).toBe(hashBefore);

    const resealed = resealField(before);
    expect(resealed && sealedKeyId(resealed)).toBe('k2');
    expect(resealField(after)).toBeUndefined();
    const legacy = sealV1('13900000000', LOCAL_SECRETS.DATA_KEY);
    const legacyResealed = resealField(legacy);
    expect(legacyResealed && sealedKeyId(legacyResealed)).toBe('k2');

    // Once everything is re-sealed, the old key leaves the ring.
    useKeys({ DATA_KEYS: JSON.stringify({ k2 }) });
    expect(currentDataKeyId()).toBe('k2');
    expect(decryptField(resealed!)).toBe('11010519491231002X');
    expect(decryptField(legacyResealed!)).toBe('13900000000');
    expect(decryptField(after)).toBe('13812345678');
    expect(() => decryptField(before)).toThrow(/data key "k1", which is not in the keyring/);
    expect(() => decryptField(legacy)).toThrow(/data key "k1"/);
  });

  it('names the key id of an unknown key, never key material', () => {
    const k9 = newKey();
    useKeys({ DATA_KEYS: JSON.stringify({ k9 }) });
    const sealed = encryptField('13812345678');
    useKeys({ DATA_KEY: LOCAL_SECRETS.DATA_KEY });
    let message = '';
    try {
      decryptField(sealed);
    } catch (err) {
      message = (err as Error).message;
    }
    expect(message).toContain('"k9"');
    expect(message).not.toContain(k9);
  });

  it('fails fast on a keyring it cannot use, naming settings and key ids only', () => {
    const secret = newKey();
    const cases: Array<[Record<string, string>, RegExp]> = [
      [{}, /no data key/],
      [{ DATA_KEYS: JSON.stringify({ k2: secret, k3: newKey() }) }, /DATA_KEY_CURRENT: required/],
      [{ DATA_KEYS: JSON.stringify({ k2: secret }), DATA_KEY_CURRENT: 'k3' }, /names no key of the ring/],
      [{ DATA_KEYS: JSON.stringify({ k2: 'c2hvcnQ=' }) }, /key k2 must be 32 bytes/],
      [{ DATA_KEYS: JSON.stringify({ 'Key-2': secret }) }, /is not 1-8 of/],
      [{ DATA_KEYS: '[1]' }, /JSON object/],
      [{ DATA_KEY: secret, DATA_KEYS: JSON.stringify({ k1: newKey() }) }, /k1 differs from DATA_KEY/],
    ];
    for (const [settings, problem] of cases) {
      useKeys(settings);
      let message = '';
      try {
        config();
      } catch (err) {
        message = (err as Error).message;
      }
      expect(message, JSON.stringify(Object.keys(settings))).toMatch(problem);
      expect(message).not.toContain(secret);
    }
  });
});

describe('KMS-wrapped data keys (cold-start bootstrap)', () => {
  /** Stands in for kms:Decrypt: AES-GCM under a "CMK", the encryption context bound as AAD. */
  const cmk = randomBytes(32);
  const aad = (context: Record<string, string>) =>
    Buffer.from(JSON.stringify(Object.entries(context).sort()), 'utf8');
  function wrap(plain: Buffer, context: Record<string, string>): string {
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', cmk, iv).setAAD(aad(context));
    const body = Buffer.concat([cipher.update(plain), cipher.final()]);
    return Buffer.concat([iv, cipher.getAuthTag(), body]).toString('base64');
  }
  const calls: Array<Record<string, string>> = [];
  const unwrap: DataKeyUnwrapper = async (blob, context) => {
    calls.push(context);
    const b = Buffer.from(blob);
    const decipher = createDecipheriv('aes-256-gcm', cmk, b.subarray(0, 12)).setAAD(aad(context));
    decipher.setAuthTag(b.subarray(12, 28));
    return Buffer.concat([decipher.update(b.subarray(28)), decipher.final()]);
  };

  it('unwraps into DATA_KEYS with the key id bound in the context, and config() accepts the ring', async () => {
    const k2 = randomBytes(32);
    const env: NodeJS.ProcessEnv = {
      [WRAPPED_DATA_KEYS_ENV]: JSON.stringify({ k2: wrap(k2, dataKeyEncryptionContext('k2')) }),
      DATA_KEY_CURRENT: 'k2',
    };
    calls.length = 0;
    expect(await unwrapDataKeysIntoEnv(unwrap, env)).toEqual(['k2']);
    expect(calls).toEqual([{ purpose: 'grid-data-key', keyId: 'k2' }]);
    expect(env[WRAPPED_DATA_KEYS_ENV]).toBeUndefined();
    expect(JSON.parse(env.DATA_KEYS!)).toEqual({ k2: k2.toString('base64') });

    useKeys({ DATA_KEYS: env.DATA_KEYS!, DATA_KEY_CURRENT: 'k2' });
    expect(sealedKeyId(encryptField('13812345678'))).toBe('k2');
  });

  it('refuses a blob wrapped for another key id (the context does not match)', async () => {
    const env: NodeJS.ProcessEnv = {
      [WRAPPED_DATA_KEYS_ENV]: JSON.stringify({ k3: wrap(randomBytes(32), dataKeyEncryptionContext('k2')) }),
    };
    await expect(unwrapDataKeysIntoEnv(unwrap, env)).rejects.toThrow();
  });

  it('refuses a key id both wrapped and plain, and a key of the wrong size', async () => {
    const twice: NodeJS.ProcessEnv = {
      DATA_KEYS: JSON.stringify({ k2: newKey() }),
      [WRAPPED_DATA_KEYS_ENV]: JSON.stringify({ k2: wrap(randomBytes(32), dataKeyEncryptionContext('k2')) }),
    };
    await expect(unwrapDataKeysIntoEnv(unwrap, twice)).rejects.toThrow(/k2 is both/);
    const short: NodeJS.ProcessEnv = {
      [WRAPPED_DATA_KEYS_ENV]: JSON.stringify({ k2: wrap(randomBytes(16), dataKeyEncryptionContext('k2')) }),
    };
    await expect(unwrapDataKeysIntoEnv(unwrap, short)).rejects.toThrow(/16 bytes, not 32/);
  });

  it('does nothing when no wrapped keys are configured (local runtime)', async () => {
    const env: NodeJS.ProcessEnv = { DATA_KEY: LOCAL_SECRETS.DATA_KEY };
    expect(await unwrapDataKeysIntoEnv(unwrap, env)).toEqual([]);
    expect(env).toEqual({ DATA_KEY: LOCAL_SECRETS.DATA_KEY });
  });
});
