import { generateKeyPairSync, sign as nodeSign } from 'node:crypto';
import { derToRawSignature, encodePass, passKeyId, verifyPass } from '@grid/shared/pass';
import { describe, expect, it } from 'vitest';
import { pointFromSpki } from '../src/contexts/passes/adapters/signer';

/** What KMS answers, made with node:crypto: an SPKI public key and DER ECDSA signatures. */
describe('the KMS pass signer’s conversions', () => {
  const { publicKey, privateKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  const spki = publicKey.export({ format: 'der', type: 'spki' });

  it('reads the point out of a P-256 SPKI, as the JWK has it', () => {
    const jwk = publicKey.export({ format: 'jwk' });
    const point = pointFromSpki(spki);
    const hex = (b64url: string) => Buffer.from(b64url, 'base64url').toString('hex');
    expect(point).toBe(`04${hex(jwk.x!)}${hex(jwk.y!)}`);
  });

  it('refuses a key of another kind', () => {
    const rsa = generateKeyPairSync('rsa', { modulusLength: 1024 }).publicKey.export({
      format: 'der',
      type: 'spki',
    });
    const k1 = generateKeyPairSync('ec', { namedCurve: 'secp256k1' }).publicKey.export({
      format: 'der',
      type: 'spki',
    });
    expect(() => pointFromSpki(rsa)).toThrow(/ECC_NIST_P256/);
    expect(() => pointFromSpki(k1)).toThrow(/ECC_NIST_P256/);
  });

  it('turns DER signatures over the raw message into passes that verify', async () => {
    const point = pointFromSpki(spki);
    const kid = passKeyId(point);
    const now = Math.floor(Date.now() / 1000);
    for (let i = 0; i < 20; i++) {
      const text = await encodePass(
        {
          passId: `${'0'.repeat(22)}${String(i).padStart(2, '0')}`,
          kid,
          colour: 'yellow',
          maskedName: '赵*',
          regionCode: '370503101001',
          issuedAt: now,
          expiresAt: now + 3600,
        },
        // KMS Sign with ECDSA_SHA_256 and MessageType RAW: SHA-256 of the message, DER signature.
        async (message) => derToRawSignature(nodeSign('sha256', message, privateKey)),
      );
      expect(
        verifyPass(text, { keys: [{ kid, publicKey: point }], revoked: new Set(), now: new Date() }),
      ).toMatchObject({
        ok: true,
        claims: { colour: 'yellow' },
      });
    }
  });
});
