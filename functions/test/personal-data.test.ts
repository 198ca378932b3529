import { beforeAll, describe, expect, it } from 'vitest';
import { LOCAL_SECRETS } from '../local/local-env';
import { resetConfigForTests } from '../src/config';
import { decryptField, encryptField, keyedHash } from '../src/crypto/personal-data';

beforeAll(() => {
  Object.assign(process.env, LOCAL_SECRETS, { TABLE_NAME: 'unit-tests' });
  resetConfigForTests();
});

describe('personal-data encryption', () => {
  it('round-trips and never stores the plain value', () => {
    const sealed = encryptField('11010519491231002X');
    expect(sealed).not.toContain('11010519491231002X');
    expect(decryptField(sealed)).toBe('11010519491231002X');
  });

  it('uses a fresh IV each time, so equal values do not look equal at rest', () => {
    expect(encryptField('13812345678')).not.toBe(encryptField('13812345678'));
  });

  it('refuses a tampered ciphertext', () => {
    const [v, iv, body, tag] = encryptField('13812345678').split('.');
    const flipped = Buffer.from(body!, 'base64');
    flipped[0] = flipped[0]! ^ 1;
    expect(() => decryptField([v, iv, flipped.toString('base64'), tag].join('.'))).toThrow();
  });

  it('hashes deterministically and separates kinds', () => {
    expect(keyedHash('phone', '13812345678')).toBe(keyedHash('phone', '13812345678'));
    expect(keyedHash('id', '13812345678')).not.toBe(keyedHash('phone', '13812345678'));
  });
});
