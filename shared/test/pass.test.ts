import { createPublicKey, verify as nodeVerify } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { base45Decode, base45Encode } from '../src/pass/base45';
import { cborDecode, cborEncode } from '../src/pass/cbor';
import {
  decodePass,
  encodePass,
  hexToBytes,
  PASS_PREFIX,
  type PassClaims,
  type PassKey,
  passColourOf,
  passQr,
  passQrSvg,
  verifyPass,
} from '../src/pass/index';
import { derToRawSignature, localPassSigner, passKeyId, passPublicKeyHex } from '../src/pass/sign';

const SECRET = '1f4c5a3b2d6e7f8091a2b3c4d5e6f708192a3b4c5d6e7f8091a2b3c4d5e6f701';
const OTHER_SECRET = '2a4c5a3b2d6e7f8091a2b3c4d5e6f708192a3b4c5d6e7f8091a2b3c4d5e6f702';
const PUBLIC = passPublicKeyHex(SECRET);
const KID = passKeyId(PUBLIC);
const KEY: PassKey = { kid: KID, publicKey: PUBLIC };
const sign = localPassSigner(SECRET);

const NOW = new Date('2026-03-02T08:00:00+08:00');
const nowS = Math.floor(NOW.getTime() / 1000);
const CLAIMS: PassClaims = {
  passId: '0123456789abcdef01234567',
  kid: KID,
  colour: 'green',
  maskedName: '王*国',
  regionCode: '370502001027003',
  issuedAt: nowS - 3600,
  expiresAt: nowS + 20 * 3600,
};
const ctx = { keys: [KEY], revoked: new Set<string>(), now: NOW, villageCode: '370502001027' };

describe('base45 (RFC 9285)', () => {
  it('matches the RFC examples', () => {
    const enc = (s: string) => base45Encode(new TextEncoder().encode(s));
    expect(enc('AB')).toBe('BB8');
    expect(enc('Hello!!')).toBe('%69 VD92EX0');
    expect(enc('base-45')).toBe('UJCLQE7W581');
    expect(new TextDecoder().decode(base45Decode('QED8WEX0') ?? new Uint8Array())).toBe('ietf!');
  });
  it('refuses characters outside the set, a dangling character and values over 16 bits', () => {
    expect(base45Decode('GGW')).toBeNull(); // 65535 < 'GGW' = 16 + 16*45 + 32*2025
    expect(base45Decode('ab8')).toBeNull();
    expect(base45Decode('BB8B')).toBeNull();
  });
  it('round-trips any bytes', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 300 }), (bytes) => {
        expect(base45Decode(base45Encode(bytes))).toEqual(bytes);
      }),
    );
  });
});

describe('CBOR subset', () => {
  it('encodes in the shortest form and round-trips', () => {
    expect(Buffer.from(cborEncode(370502001027003)).toString('hex')).toBe('1b000150f83828e7bb');
    expect(Buffer.from(cborEncode(-7)).toString('hex')).toBe('26');
    expect(Buffer.from(cborEncode(500)).toString('hex')).toBe('1901f4');
    const value = new Map<number, string | number>([
      [1, -7],
      [-2, '王*国'],
      [4, 2 ** 32],
    ]);
    expect(cborDecode(cborEncode(value))).toEqual(value);
  });
  it('refuses non-shortest integers, floats, indefinite lengths, duplicate keys and trailing bytes', () => {
    for (const hex of [
      '1817',
      'f93c00',
      '5f4101ff',
      'a2010101 02'.replace(' ', ''),
      'a201010101',
      '0000',
      '62c328',
    ]) {
      expect(() => cborDecode(hexToBytes(hex))).toThrow(SyntaxError);
    }
  });
});

describe('verifyPass', () => {
  it('accepts a fresh pass of the village and gives back its claims', async () => {
    const text = await encodePass(CLAIMS, sign);
    expect(text.startsWith(PASS_PREFIX)).toBe(true);
    expect(text).toMatch(/^[0-9A-Z $%*+\-./:]+$/); // QR alphanumeric mode throughout
    expect(verifyPass(text, ctx)).toEqual({ ok: true, claims: CLAIMS });
    expect(verifyPass(text, { ...ctx, villageCode: undefined }).ok).toBe(true);
  });

  it('is plain COSE_Sign1 ES256: node:crypto verifies the same signature', async () => {
    const decoded = decodePass(await encodePass(CLAIMS, sign));
    expect(decoded).not.toBeNull();
    if (decoded === null) return;
    const spki = Buffer.concat([
      Buffer.from('3059301306072a8648ce3d020106082a8648ce3d030107034200', 'hex'),
      hexToBytes(PUBLIC),
    ]);
    const key = createPublicKey({ key: spki, format: 'der', type: 'spki' });
    expect(nodeVerify('sha256', decoded.signed, { key, dsaEncoding: 'ieee-p1363' }, decoded.signature)).toBe(
      true,
    );
  });

  it('accepts a high-s signature as KMS may return it, after DER conversion', async () => {
    const { p256 } = await import('@noble/curves/nist.js');
    const text = await encodePass(CLAIMS, async (message) => {
      const low = p256.Signature.fromBytes(p256.sign(message, hexToBytes(SECRET)), 'compact');
      const high = new p256.Signature(low.r, p256.Point.CURVE().n - low.s);
      return derToRawSignature(high.toBytes('der'));
    });
    expect(verifyPass(text, ctx).ok).toBe(true);
  });

  it('refuses a pass whose payload was altered (colour red → green)', async () => {
    const red = await encodePass({ ...CLAIMS, colour: 'red' }, sign);
    const raw = base45Decode(red.slice(PASS_PREFIX.length)) as Uint8Array;
    const at = raw.findIndex((b, i) => b === 0x20 && raw[i + 1] === 0x02); // claim -1 (colour) = 2
    expect(at).toBeGreaterThan(0);
    raw[at + 1] = 0x00;
    const tampered = PASS_PREFIX + base45Encode(raw);
    expect(verifyPass(tampered, ctx)).toEqual({ ok: false, reason: 'bad-signature' });
  });

  it('never accepts a pass with any single byte changed', async () => {
    const text = await encodePass(CLAIMS, sign);
    const raw = base45Decode(text.slice(PASS_PREFIX.length)) as Uint8Array;
    fc.assert(
      fc.property(fc.nat(raw.length - 1), fc.integer({ min: 1, max: 255 }), (index, delta) => {
        const copy = raw.slice();
        copy[index] = ((copy[index] as number) + delta) % 256;
        const verdict = verifyPass(PASS_PREFIX + base45Encode(copy), ctx);
        expect(verdict.ok).toBe(false);
      }),
      { numRuns: 300 },
    );
  });

  it('refuses an expired pass, at the second it expires', async () => {
    const text = await encodePass({ ...CLAIMS, expiresAt: nowS }, sign);
    expect(verifyPass(text, ctx)).toMatchObject({
      ok: false,
      reason: 'expired',
      claims: { maskedName: '王*国' },
    });
    expect(verifyPass(text, { ...ctx, now: new Date((nowS - 1) * 1000) }).ok).toBe(true);
  });

  it('refuses a revoked pass', async () => {
    const text = await encodePass(CLAIMS, sign);
    expect(verifyPass(text, { ...ctx, revoked: new Set([CLAIMS.passId]) })).toMatchObject({
      ok: false,
      reason: 'revoked',
    });
  });

  it('refuses a pass signed by another key, known or not', async () => {
    const forged = await encodePass(CLAIMS, localPassSigner(OTHER_SECRET)); // claims our kid
    expect(verifyPass(forged, ctx)).toEqual({ ok: false, reason: 'bad-signature' });
    const otherPublic = passPublicKeyHex(OTHER_SECRET);
    const otherKid = passKeyId(otherPublic);
    const unknown = await encodePass({ ...CLAIMS, kid: otherKid }, localPassSigner(OTHER_SECRET));
    expect(verifyPass(unknown, ctx)).toEqual({ ok: false, reason: 'unknown-key' });
    expect(verifyPass(unknown, { ...ctx, keys: [KEY, { kid: otherKid, publicKey: otherPublic }] }).ok).toBe(
      true,
    );
    expect(verifyPass(unknown, { ...ctx, keys: [{ kid: otherKid, publicKey: 'zz' }] })).toEqual({
      ok: false,
      reason: 'unknown-key',
    });
  });

  it('refuses a pass issued after its key was retired', async () => {
    const text = await encodePass(CLAIMS, sign);
    const retired = { ...KEY, notAfter: new Date((CLAIMS.issuedAt - 60) * 1000).toISOString() };
    expect(verifyPass(text, { ...ctx, keys: [retired] })).toMatchObject({ ok: false, reason: 'unknown-key' });
  });

  it('refuses a pass of another village, and accepts a village-level pass at its own village', async () => {
    const elsewhere = await encodePass({ ...CLAIMS, regionCode: '370502001013003' }, sign);
    expect(verifyPass(elsewhere, ctx)).toMatchObject({
      ok: false,
      reason: 'other-village',
      claims: { regionCode: '370502001013003' },
    });
    const village = await encodePass({ ...CLAIMS, regionCode: '370502001027' }, sign);
    expect(verifyPass(village, ctx).ok).toBe(true);
  });

  it('calls anything that is not a pass malformed, without throwing', () => {
    for (const text of [
      '',
      'HP1:',
      'hello',
      'HC1:6BFOXN*TS0BI$ZD4N9:9S6RCVN5+O30K3/XIV0W23NTDEXWK G2EP4J0B',
      'HP1:BB8',
      'HP1:%%%%',
    ]) {
      expect(verifyPass(text, ctx)).toEqual({ ok: false, reason: 'malformed' });
    }
    fc.assert(
      fc.property(fc.string({ maxLength: 400 }), (s) => {
        expect(verifyPass(PASS_PREFIX + s, ctx).ok).toBe(false);
      }),
    );
  });

  it('fits a small QR code: ~210 alphanumeric characters, version 8 (49×49) at level M', async () => {
    const text = await encodePass({ ...CLAIMS, maskedName: '欧阳**锋' }, sign);
    expect(text.length).toBeLessThanOrEqual(215);
    const qr = passQr(text);
    expect(qr.version).toBe(8);
    expect(qr.size).toBe(49);
    expect(passQrSvg(text)).toMatch(/^<svg [^>]*width="456" height="456" viewBox="0 0 57 57"/);
  });
});

describe('passColourOf (GB/T 38961 colours from the person’s state)', () => {
  const calm = { quarantined: false, openFeverAlerts: 0, openMissedChecks: 0, riskArrivals: [] };
  const at = new Date('2026-03-20T10:00:00+08:00');
  it('red for home quarantine or an open fever alert, whatever else holds', () => {
    expect(passColourOf({ ...calm, quarantined: true }, at)).toBe('red');
    expect(
      passColourOf({ ...calm, openFeverAlerts: 1, openMissedChecks: 2, riskArrivals: ['2026-03-19'] }, at),
    ).toBe('red');
  });
  it('yellow for a risk-area arrival within 14 days or a missed check', () => {
    expect(passColourOf({ ...calm, riskArrivals: ['2026-03-06'] }, at)).toBe('yellow');
    expect(passColourOf({ ...calm, riskArrivals: ['2026-03-05'] }, at)).toBe('green');
    expect(passColourOf({ ...calm, openMissedChecks: 1 }, at)).toBe('yellow');
  });
  it('green otherwise', () => {
    expect(passColourOf(calm, at)).toBe('green');
  });
});
