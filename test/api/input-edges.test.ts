/**
 * Input at its edges (issue 15, items 6 and 7): travel dates within the epidemic's plausible window,
 * origins and risk areas from the national division list, names with something visible and nothing
 * malformed, and validation issues in schema order with the field path. Makes its own grid in
 * 史口镇 (370502104), which access-changes.test.ts owns.
 */
import { addDays, ERROR_CATALOGUE, localDate, TRAVEL_LOOKBACK_DAYS } from '@grid/shared';
import { beforeAll, describe, expect, it } from 'vitest';
import { api, newKey, stack } from './support/client';
import {
  demo,
  expectError,
  issuesOf,
  memberInput,
  newGrid,
  newGridworker,
  newHousehold,
  postHousehold,
  type TestHousehold,
} from './support/fixtures';

let G: string;
let h: TestHousehold;
let adminToken: string;
let gwToken: string;

const today = () => localDate(new Date());
const declare = (body: Record<string, unknown>) =>
  api('POST', `/v1/persons/${h.members[0]!.person.personId}/travel-declarations`, {
    token: h.owner.token,
    body: {
      originCode: '420102',
      departedOn: addDays(today(), -3),
      arrivedOn: addDays(today(), -2),
      transport: { kind: 'train' },
      ...body,
    },
    headers: { 'idempotency-key': newKey() },
  });

beforeAll(async () => {
  const admin = await demo('demo-admin');
  adminToken = admin.token;
  G = (await newGrid('370502104205')).gridCode;
  [h, gwToken] = await Promise.all([newHousehold(G), newGridworker(G).then((s) => s.token)]);
}, 60_000);

describe('travel declarations', () => {
  it('refuse dates before the plausible window (year 1, 1900, 91 days ago) and accept its first day', async () => {
    for (const departedOn of ['0001-01-01', '1900-01-01', addDays(today(), -(TRAVEL_LOOKBACK_DAYS + 1))]) {
      expectError(await declare({ departedOn }), 400, 'DATE_TOO_OLD');
    }
    const edge = await declare({ departedOn: addDays(today(), -TRAVEL_LOOKBACK_DAYS) });
    expect(edge.status).toBe(201);
  });

  it('refuse an origin the national division list does not have', async () => {
    for (const originCode of ['999999', '420100', '370599']) {
      const error = expectError(await declare({ originCode }), 400, 'REGION_UNKNOWN');
      expect(error.details).toEqual({ originCode });
    }
    expect((await declare({ originCode: '110105' })).status).toBe(201);
  });

  it('refuse risk areas the national list does not have, and change nothing', async () => {
    const before = (await api('GET', '/v1/risk-areas', { token: adminToken })).body;
    const res = await api('PUT', '/v1/risk-areas', {
      token: adminToken,
      body: { codes: ['4201', '999999'] },
    });
    expect(expectError(res, 400, 'REGION_UNKNOWN').details).toEqual({ codes: ['999999'] });
    expect((await api('GET', '/v1/risk-areas', { token: adminToken })).body).toEqual(before);
  });
});

/** Names nobody can read or that are not well-formed text. */
const BAD_NAMES: Array<[string, string]> = [
  ['\u200b\u200c\u200d', 'NAME_INVALID'],
  ['\u2060\ufeff\u200b', 'NAME_INVALID'],
  ['\u3164\u3164', 'NAME_INVALID'],
  ['\u0301\u0301', 'NAME_INVALID'],
  ['张\ud800三', 'TEXT_INVALID'],
  ['\udfff', 'TEXT_INVALID'],
  ['王\ufffd', 'TEXT_INVALID'],
];

describe('names', () => {
  it('need a visible character and well-formed text: members, staff, companions, grids, places', async () => {
    for (const [name, message] of BAD_NAMES) {
      const checks = await Promise.all([
        postHousehold(gwToken, { gridCode: G, members: [memberInput('self', { name })] }),
        api('POST', '/v1/staff', {
          token: adminToken,
          body: { role: 'volunteer', name, phone: '15900000000', gridCodes: [G] },
        }),
        declare({ companions: [name] }),
        api('POST', '/v1/grids', {
          token: adminToken,
          body: { villageCode: '370502104205', kind: 'basic', name },
        }),
        api('POST', `/v1/grids/${G}/places`, {
          token: gwToken,
          body: { name, kind: 'shop', address: '史口镇 1 号', staffCount: 3 },
        }),
      ]);
      const paths = ['body.members.0.name', 'body.name', 'body.companions.0', 'body.name', 'body.name'];
      checks.forEach((res, i) => {
        const error = expectError(res, 400, 'VALIDATION_FAILED');
        expect(issuesOf(error)[0], `${JSON.stringify(name)} → ${paths[i]}`).toMatchObject({
          path: paths[i],
          message,
        });
      });
    }
  });

  it('refuse invalid UTF-8 in a body instead of storing and echoing it', async () => {
    const json = JSON.stringify({
      gridCode: G,
      address: '史口镇 2 号',
      members: [memberInput('self', { name: 'NAME' })],
    });
    const [before, after] = json.split('NAME');
    const body = Buffer.concat([
      Buffer.from(before!),
      Buffer.from([0xe5, 0xbc, 0xff, 0xfe]),
      Buffer.from(after!),
    ]);
    const res = await fetch(`${stack().apiUrl}/v1/households`, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${gwToken}`,
        'content-type': 'application/json',
        'idempotency-key': newKey(),
      },
      body,
    });
    expect(res.status).toBe(400);
    const error = ((await res.json()) as { error: { code: string; details: unknown } }).error;
    expect(error.code).toBe('VALIDATION_FAILED');
    expect(issuesOf(error)[0]).toMatchObject({ path: 'body.members.0.name', message: 'TEXT_INVALID' });
  });

  it('still take names in any script, with emoji and inner spaces', async () => {
    const names = ['阿依古丽·买买提', 'Zoë Müller', '王 小明', '李😀'];
    const res = await postHousehold(gwToken, {
      gridCode: G,
      members: names.map((name, i) => memberInput(i === 0 ? 'self' : 'other', { name, phone: null })),
    });
    expect(res.status).toBe(201);
  });
});

describe('validation issues', () => {
  it('come in schema order: POST /v1/households {} names the missing address first', async () => {
    const res = await api('POST', '/v1/households', {
      token: gwToken,
      body: {},
      headers: { 'idempotency-key': newKey() },
    });
    const error = expectError(res, 400, 'VALIDATION_FAILED');
    expect(issuesOf(error).map((i: { path: string }) => i.path)).toEqual([
      'body.address',
      'body.gridCode',
      'body.members',
    ]);
  });

  it('answer the first issue’s own code when it has one, with the path of each issue', async () => {
    const res = await api('POST', '/v1/households', {
      token: gwToken,
      body: { address: '史口镇 3 号', gridCode: '12', members: [] },
      headers: { 'idempotency-key': newKey() },
    });
    const error = expectError(res, 400, 'GRID_CODE_INVALID');
    expect(issuesOf(error)[0]).toMatchObject({ path: 'body.gridCode' });
    expect('GRID_CODE_INVALID' in ERROR_CATALOGUE).toBe(true);
  });
});
