import { loginResponseSchema, meSchema, staffSchema } from '@grid/shared';
import { decodeJwt, SignJWT } from 'jose';
import { describe, expect, it } from 'vitest';
import { LOCAL_SECRETS } from '../../functions/local/local-env';
import { api } from './support/client';
import {
  createStaff,
  demo,
  expectBody,
  expectError,
  freshOpenid,
  freshPhone,
  GRIDS,
  maskedPhone,
  newResident,
  weChatCalls,
} from './support/fixtures';

const wechatLogin = (code: string) => api('POST', '/v1/auth/wechat', { body: { code } });
const bindPhone = (token: string, code: string) => api('POST', '/v1/auth/phone', { token, body: { code } });
const me = (token: string) => api('GET', '/v1/me', { token });

/**
 * Re-signs a real token's claims, as tokens.ts does, with another key, expiry or issue time;
 * `null` leaves the claim out.
 */
async function resign(token: string, opts: { key?: string; exp?: number | null; iat?: number | null } = {}) {
  const { sub, role, scopes, hh, pid, oid, av, iat } = decodeJwt(token);
  const jwt = new SignJWT({ role, scopes, hh, pid, oid, av })
    .setProtectedHeader({ alg: 'HS256' })
    .setSubject(sub!)
    .setIssuer('grid-platform');
  const issuedAt = opts.iat === undefined ? iat! : opts.iat;
  if (issuedAt !== null) jwt.setIssuedAt(issuedAt);
  const exp = opts.exp === undefined ? Math.floor(Date.now() / 1000) + 600 : opts.exp;
  if (exp !== null) jwt.setExpirationTime(exp);
  return jwt.sign(new TextEncoder().encode(opts.key ?? LOCAL_SECRETS.TOKEN_SIGNING_KEY));
}

describe('POST /v1/auth/wechat', () => {
  it('makes a new WeChat user a resident and signs the same openid in as the same user', async () => {
    const openid = freshOpenid('auth');
    const before = Date.now();
    const first = expectBody(await wechatLogin(`test:${openid}`), 200, loginResponseSchema);
    expect(first.user).toMatchObject({
      role: 'resident',
      name: '微信用户',
      scopes: [],
      householdId: null,
      personId: null,
      phoneMasked: null,
    });
    expect(first.user.userId).toMatch(/^[0-9A-HJKMNP-TV-Z]{26}$/);
    // Sessions last 12 hours by default.
    const ttl = Date.parse(first.expiresAt) - before;
    expect(ttl).toBeGreaterThan(12 * 3600_000 - 60_000);
    expect(ttl).toBeLessThan(12 * 3600_000 + 60_000);

    const second = expectBody(await wechatLogin(`test:${openid}`), 200, loginResponseSchema);
    expect(second.user).toEqual(first.user);
  });

  it('makes one user of simultaneous first logins of one openid', async () => {
    const openid = freshOpenid('race');
    const answers = await Promise.all([1, 2, 3, 4].map(() => wechatLogin(`test:${openid}`)));
    const users = answers.map((a) => expectBody(a, 200, loginResponseSchema).user.userId);
    expect(new Set(users).size).toBe(1);
  });

  it('signs the seeded admin in with its scope', async () => {
    const admin = expectBody(await wechatLogin('test:demo-admin'), 200, loginResponseSchema);
    expect(admin.user).toMatchObject({ role: 'admin', scopes: ['3705'], phoneMasked: '138****0001' });
  });

  it('answers 401 WECHAT_CODE_INVALID for a code WeChat rejects', async () => {
    expectError(await wechatLogin('nonsense'), 401, 'WECHAT_CODE_INVALID');
  });

  it('answers 503 WECHAT_UNAVAILABLE when WeChat rate-limits or fails', async () => {
    expectError(await wechatLogin('test:ratelimit'), 503, 'WECHAT_UNAVAILABLE');
    expectError(await wechatLogin('test:busy'), 503, 'WECHAT_UNAVAILABLE');
  });

  it('answers 400 for an empty code', async () => {
    expectError(await wechatLogin(''), 400, 'VALIDATION_FAILED');
  });
});

describe('GET /v1/me', () => {
  it('answers the signed-in user', async () => {
    const resident = await newResident();
    const { privacyConsent, ...user } = expectBody(await me(resident.token), 200, meSchema);
    expect(user).toEqual(resident.user);
    expect(privacyConsent.upToDate).toBe(true);

    const street = await demo('demo-street');
    expect(expectBody(await me(street.token), 200, meSchema)).toMatchObject({
      role: 'centre',
      scopes: ['370502001'],
      name: '文汇街道网格中心',
    });
  });
});

describe('token failures', () => {
  it('answers 401 UNAUTHENTICATED without a bearer token', async () => {
    expectError(await api('GET', '/v1/me'), 401, 'UNAUTHENTICATED');
    expectError(await api('GET', '/v1/me', { headers: { authorization: 'Bearer' } }), 401, 'UNAUTHENTICATED');
    expectError(
      await api('GET', '/v1/me', { headers: { authorization: 'Basic Zm9vOmJhcg==' } }),
      401,
      'UNAUTHENTICATED',
    );
  });

  it('answers 401 TOKEN_INVALID for a tampered signature', async () => {
    const { token } = await newResident();
    const [header, payload, signature = ''] = token.split('.');
    // A character in the middle: the last one carries padding bits that may not change the bytes.
    const i = Math.floor(signature.length / 2);
    const flipped = signature[i] === 'A' ? 'B' : 'A';
    const tampered = `${header}.${payload}.${signature.slice(0, i)}${flipped}${signature.slice(i + 1)}`;
    expectError(await me(tampered), 401, 'TOKEN_INVALID');
  });

  it('answers 401 TOKEN_INVALID for a token whose claims were changed', async () => {
    const { token } = await newResident();
    const [header, payload = '', signature] = token.split('.');
    const claims = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as Record<string, unknown>;
    const forged = Buffer.from(JSON.stringify({ ...claims, role: 'admin', scopes: ['37'] })).toString(
      'base64url',
    );
    expectError(await me(`${header}.${forged}.${signature}`), 401, 'TOKEN_INVALID');
  });

  it('accepts a token re-signed with the local key, and answers 401 TOKEN_EXPIRED once it has expired', async () => {
    const { token, user } = await newResident();
    // The control: the crafted token is accepted while its expiry is ahead.
    const valid = await resign(token);
    expect(expectBody(await me(valid), 200, meSchema).userId).toBe(user.userId);

    const expired = await resign(token, { exp: Math.floor(Date.now() / 1000) - 60 });
    expectError(await me(expired), 401, 'TOKEN_EXPIRED');
  });

  it('refuses a token without exp or iat, one issued in the future and one outliving the 12 h bound', async () => {
    const { token } = await newResident();
    const nowS = Math.floor(Date.now() / 1000);
    expectError(await me(await resign(token, { exp: null })), 401, 'TOKEN_INVALID');
    expectError(await me(await resign(token, { iat: null })), 401, 'TOKEN_INVALID');
    expectError(await me(await resign(token, { iat: nowS + 3600 })), 401, 'TOKEN_INVALID');
    // Within the bound from its issue, but naming an expiry a year away.
    expectError(await me(await resign(token, { exp: nowS + 365 * 86_400 })), 401, 'TOKEN_INVALID');
    // Issued 13 h ago with an expiry still ahead: older than the lifetime allows.
    expectError(
      await me(await resign(token, { iat: nowS - 13 * 3600, exp: nowS + 600 })),
      401,
      'TOKEN_EXPIRED',
    );
  });

  it('answers 401 TOKEN_INVALID for a token signed with another key', async () => {
    const { token } = await newResident();
    const foreign = await resign(token, { key: 'another-signing-key-of-at-least-thirty-two-bytes' });
    expectError(await me(foreign), 401, 'TOKEN_INVALID');
  });

  it('answers 401 TOKEN_INVALID for garbage and unsigned tokens', async () => {
    expectError(await me('not-a-jwt'), 401, 'TOKEN_INVALID');
    const { token } = await newResident();
    const [, payload] = token.split('.');
    const none = `${Buffer.from('{"alg":"none"}').toString('base64url')}.${payload}.`;
    expectError(await me(none), 401, 'TOKEN_INVALID');
  });

  it('answers 403 FORBIDDEN_ROLE for a role the route does not allow', async () => {
    const resident = await newResident();
    expectError(
      await api('GET', `/v1/grids/${GRIDS.staff}/pending?type=health`, { token: resident.token }),
      403,
      'FORBIDDEN_ROLE',
    );
    expectError(
      await api('PUT', '/v1/risk-areas', { token: resident.token, body: { codes: [] } }),
      403,
      'FORBIDDEN_ROLE',
    );
    const admin = await demo('demo-admin');
    expectError(await api('GET', '/v1/me/access-log', { token: admin.token }), 403, 'FORBIDDEN_ROLE');
  });
});

describe('POST /v1/auth/phone: binding a WeChat user to a staff record', () => {
  it('binds by the phone WeChat confirms; the record can be bound only once', async () => {
    const admin = await demo('demo-admin');
    const phone = freshPhone();
    const grids = [GRIDS.staff, GRIDS.households];
    const staff = expectBody(
      await createStaff(admin.token, { role: 'gridworker', name: '绑定测试', phone, gridCodes: grids }),
      201,
      staffSchema,
    );
    expect(staff.bound).toBe(false);

    const openid = freshOpenid('bind');
    const resident = expectBody(await wechatLogin(`test:${openid}`), 200, loginResponseSchema);
    expect(resident.user.role).toBe('resident');
    const phoneCode = `test-phone:${phone}`;
    const bound = expectBody(await bindPhone(resident.token, phoneCode), 200, loginResponseSchema);
    expect(bound.user).toEqual({
      userId: staff.userId,
      role: 'gridworker',
      name: '绑定测试',
      scopes: grids,
      householdId: null,
      personId: null,
      phoneMasked: maskedPhone(phone),
    });

    // The new token is the staff member's; the WeChat identity now signs in as the staff record.
    const { privacyConsent: _staffConsent, ...boundUser } = expectBody(await me(bound.token), 200, meSchema);
    expect(boundUser).toEqual(bound.user);
    const again = expectBody(await wechatLogin(`test:${openid}`), 200, loginResponseSchema);
    expect(again.user.userId).toBe(staff.userId);

    // The fake WeChat was asked for the phone number with the code the client sent.
    const calls = await weChatCalls();
    expect(
      calls.some(
        (c) =>
          c.method === 'POST' &&
          c.path === '/wxa/business/getuserphonenumber' &&
          (c.body as { code?: unknown } | null)?.code === phoneCode &&
          typeof c.query.access_token === 'string',
      ),
    ).toBe(true);

    // A retry from the same WeChat user answers the same session.
    const retried = expectBody(await bindPhone(resident.token, phoneCode), 200, loginResponseSchema);
    expect(retried.user.userId).toBe(staff.userId);

    // Someone else with the same phone code cannot take the record over.
    const other = await newResident('bind2');
    expectError(await bindPhone(other.token, phoneCode), 409, 'STAFF_ALREADY_BOUND');
    expect(expectBody(await me(other.token), 200, meSchema).role).toBe('resident');
  });

  it('answers 404 STAFF_NOT_FOUND for a phone no staff record has', async () => {
    const resident = await newResident();
    expectError(await bindPhone(resident.token, `test-phone:${freshPhone()}`), 404, 'STAFF_NOT_FOUND');
  });

  it('answers 401 WECHAT_PHONE_CODE_INVALID for a phone code WeChat rejects', async () => {
    const resident = await newResident();
    expectError(await bindPhone(resident.token, 'nonsense'), 401, 'WECHAT_PHONE_CODE_INVALID');
  });

  it('needs a signed-in WeChat user', async () => {
    expectError(
      await api('POST', '/v1/auth/phone', { body: { code: `test-phone:${freshPhone()}` } }),
      401,
      'UNAUTHENTICATED',
    );
  });
});
