/**
 * Access that ends when it should (issue 15, item 1): a grid taken off a gridworker, or a staff
 * account disabled, stops the old token on every route within 60 s — the request time is moved on
 * with x-local-now, past the containers' access cache — and signing in again gives what the user
 * may do now. This file owns 史口镇 (370502104).
 */
import { staffSchema } from '@grid/shared';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2, Context } from 'aws-lambda';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ApiOptions, api, login, newKey } from './support/client';
import {
  demo,
  expectBody,
  expectError,
  memberInput,
  newGrid,
  newGridworker,
  newHousehold,
  newStaff,
  type TestHousehold,
} from './support/fixtures';
import { configureLikeTheStack, restoreEnvironment } from './support/in-process';

const VILLAGE = '370502104201';
const STREET = '370502104';
let G: string;
let adminToken: string;
let home: TestHousehold;

/** The instant `seconds` from now, as the local runtime reads it from x-local-now. */
const later = (seconds: number) => new Date(Date.now() + seconds * 1000).toISOString();

function at(seconds: number, opts: ApiOptions): ApiOptions {
  return { ...opts, headers: { ...opts.headers, 'x-local-now': later(seconds) } };
}

/** The routes the issue found still open to an unassigned gridworker. */
function probes(token: string) {
  const person = home.members[0]!.person.personId;
  return [
    ['GET', `/v1/grids/${G}/pending?type=health`, { token }],
    ['GET', `/v1/persons/${person}/contact`, { token }],
    [
      'POST',
      `/v1/persons/${person}/unmask`,
      { token, body: { reason: '访问变更测试：核对完整身份证号', purpose: 'contact_tracing' } },
    ],
    [
      'POST',
      `/v1/households/${home.household.householdId}/members`,
      { token, body: memberInput('child', { phone: null }), headers: { 'idempotency-key': newKey() } },
    ],
  ] as const;
}

beforeAll(async () => {
  adminToken = (await demo('demo-admin')).token;
  G = (await newGrid(VILLAGE)).gridCode;
  home = await newHousehold(G);
}, 60_000);

describe('taking a grid off a gridworker', () => {
  it('refuses the old token on every route within 60 s; a new sign-in carries the new scopes', async () => {
    const gw = await newGridworker(G);
    // Before: every probe answers (and the container has read the gridworker's access).
    for (const [method, path, opts] of probes(gw.token)) {
      const res = await api(method, path, opts);
      expect(res.status, `${method} ${path}: ${JSON.stringify(res.body)}`).toBeLessThan(300);
    }
    const taken = await api('DELETE', `/v1/grids/${G}/staff/${gw.user.userId}`, { token: adminToken });
    expect(expectBody(taken, 200, staffSchema).scopes).toEqual([]);

    for (const [method, path, opts] of probes(gw.token)) {
      expectError(await api(method, path, at(61, opts)), 401, 'TOKEN_REVOKED');
    }
    // The app signs in again: the new token no longer names the grid.
    const again = await login(gw.openid);
    expect(again.user.scopes).toEqual([]);
    expectError(
      await api('GET', `/v1/grids/${G}/pending?type=health`, { token: again.token }),
      403,
      'FORBIDDEN_SCOPE',
    );
    // Assigning the grid back and signing in again restores access.
    await api('POST', `/v1/grids/${G}/staff`, { token: adminToken, body: { userId: gw.user.userId } });
    const restored = await login(gw.openid);
    const list = await api('GET', `/v1/grids/${G}/pending?type=health`, { token: restored.token });
    expect(list.status).toBe(200);
  });
});

describe('POST /v1/staff/{userId}/disable', () => {
  it('refuses the disabled account’s token within 60 s and its next sign-in', async () => {
    const gw = await newGridworker(G);
    const centre = await newStaff({ role: 'centre', regionCode: STREET });
    expect((await api('GET', '/v1/me', { token: gw.token })).status).toBe(200);

    const res = await api('POST', `/v1/staff/${gw.user.userId}/disable`, { token: centre.token });
    const staff = expectBody(res, 200, staffSchema);
    expect(staff).toMatchObject({ userId: gw.user.userId, disabled: true });
    // Idempotent: disabling again answers the same.
    const again = await api('POST', `/v1/staff/${gw.user.userId}/disable`, { token: centre.token });
    expect(expectBody(again, 200, staffSchema).disabled).toBe(true);

    for (const [method, path, opts] of probes(gw.token)) {
      expectError(await api(method, path, at(61, opts)), 401, 'TOKEN_REVOKED');
    }
    expectError(await api('GET', '/v1/me', at(61, { token: gw.token })), 401, 'TOKEN_REVOKED');
    const signIn = await api('POST', '/v1/auth/wechat', { body: { code: `test:${gw.openid}` } });
    expectError(signIn, 403, 'STAFF_DISABLED');
    // A disabled gridworker cannot be given a grid again.
    expectError(
      await api('POST', `/v1/grids/${G}/staff`, { token: adminToken, body: { userId: gw.user.userId } }),
      400,
      'STAFF_UNKNOWN',
    );
  });

  it('lets a centre disable only staff below it: not itself, not a centre beside it, not outside', async () => {
    const centre = await newStaff({ role: 'centre', regionCode: STREET });
    const beside = await newStaff({ role: 'centre', regionCode: STREET });
    const outside = await newGridworker('370502001011003');
    const resident = (await newHousehold(G)).owner;
    for (const userId of [
      centre.user.userId,
      beside.user.userId,
      outside.user.userId,
      resident.user.userId,
    ]) {
      expectError(
        await api('POST', `/v1/staff/${userId}/disable`, { token: centre.token }),
        403,
        'FORBIDDEN_SCOPE',
      );
    }
    // The admin (the city above) may disable the street centre.
    const byAdmin = await api('POST', `/v1/staff/${beside.user.userId}/disable`, { token: adminToken });
    expect(expectBody(byAdmin, 200, staffSchema).disabled).toBe(true);
    expect(
      (await api('GET', '/v1/me', { token: centre.token, headers: { 'idempotency-key': newKey() } })).status,
    ).toBe(200);
  });
});

describe('the cost of the check', () => {
  afterAll(() => restoreEnvironment());

  it('reads a user’s access once per container per 30 s, however many requests it makes', async () => {
    configureLikeTheStack();
    process.env.LOCAL_CLOCK_OVERRIDE = 'on';
    const { handler } = (await import(
      '../../functions/src/contexts/identity/handlers/get-me'
    )) as unknown as {
      handler: (e: APIGatewayProxyEventV2, c: Context) => Promise<APIGatewayProxyStructuredResultV2>;
    };
    const { accessReads } = await import('../../functions/src/lib/auth/access-version');
    const gw = await newGridworker(G);
    const event = (now: string) =>
      ({
        version: '2.0',
        routeKey: 'GET /v1/me',
        rawPath: '/v1/me',
        rawQueryString: '',
        headers: { authorization: `Bearer ${gw.token}`, 'x-local-now': now },
        pathParameters: {},
        isBase64Encoded: false,
        requestContext: { requestId: 'r', http: { method: 'GET' } },
      }) as unknown as APIGatewayProxyEventV2;
    const context = { awsRequestId: 'cost', functionName: 'getMe' } as Context;
    const start = Date.now();
    const before = accessReads.count;
    for (let i = 0; i < 50; i++) {
      const res = await handler(event(new Date(start + i * 500).toISOString()), context);
      expect(res.statusCode).toBe(200);
    }
    // 50 requests over 25 s: one read.
    expect(accessReads.count - before).toBe(1);
    await handler(event(new Date(start + 31_000).toISOString()), context);
    expect(accessReads.count - before).toBe(2);
  });
});
