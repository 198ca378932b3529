/** Bad input answers a clear 4xx with a code and a message: never a 500, never half a write. */
import {
  addDays,
  createHouseholdResponseSchema,
  ERROR_CATALOGUE,
  errorBodySchema,
  errorMessage,
  localDate,
  makeIdNumber,
} from '@grid/shared';
import { beforeAll, describe, expect, it } from 'vitest';
import { type ApiResponse, api, newKey } from './support/client';
import {
  expectBody,
  expectError,
  GRIDS,
  issuesOf,
  memberInput,
  newGridworker,
  newHousehold,
  newResident,
  postHealthReport,
  postHousehold,
  type StaffSession,
  type TestHousehold,
  unknownId,
} from './support/fixtures';

let h: TestHousehold;
let gridworker: StaffSession;
let personId: string;
beforeAll(async () => {
  [h, gridworker] = await Promise.all([newHousehold(GRIDS.badInput), newGridworker(GRIDS.badInput)]);
  personId = h.members[0]!.person.personId;
});

const report = (body: unknown) => postHealthReport(h.owner.token, personId, body as Record<string, unknown>);
const rawReport = (rawBody: string, contentType = 'application/json') =>
  api('POST', `/v1/persons/${personId}/health-reports`, {
    token: h.owner.token,
    rawBody,
    headers: { 'content-type': contentType, 'idempotency-key': newKey() },
  });

describe('the body', () => {
  it('answers 400 INVALID_JSON for a body that is not JSON', async () => {
    for (const raw of ['{"temperature": 36.5', "{'temperature': 36.5}", '', 'temperature=36.5', '{"a":1}x']) {
      expectError(await rawReport(raw), 400, 'INVALID_JSON');
    }
    expectError(
      await api('POST', '/v1/auth/wechat', {
        rawBody: '{"code":',
        headers: { 'content-type': 'application/json' },
      }),
      400,
      'INVALID_JSON',
    );
  });

  it('answers 415 UNSUPPORTED_MEDIA_TYPE for a body that is not sent as JSON', async () => {
    const json = JSON.stringify({ temperature: 36.5 });
    for (const type of [
      'text/plain',
      'application/x-www-form-urlencoded',
      'multipart/form-data; boundary=x',
      'application/jsonp',
    ]) {
      expectError(await rawReport(json, type), 415, 'UNSUPPORTED_MEDIA_TYPE');
    }
    // A charset parameter is fine.
    expect(
      (
        await rawReport(
          JSON.stringify({ temperature: 36.5, symptoms: ['x'] }),
          'application/json; charset=utf-8',
        )
      ).status,
    ).toBe(400);
  });

  it('answers 400 VALIDATION_FAILED for JSON that is not an object', async () => {
    for (const body of ['null', '[]', '36.5', '"36.5"', 'true']) {
      expectError(await rawReport(body), 400, 'VALIDATION_FAILED');
    }
  });

  it('answers 400 for fields of the wrong type', async () => {
    const typeError = expectError(await report({ temperature: '36.5' }), 400, 'VALIDATION_FAILED');
    expect(issuesOf(typeError)[0]).toMatchObject({ path: 'body.temperature' });
    expectError(await report({ temperature: 36.5, symptoms: 'cough' }), 400, 'VALIDATION_FAILED');
    expectError(await report({ temperature: 36.5, note: 42 }), 400, 'VALIDATION_FAILED');
    expectError(await report({ temperature: 36.5, measuredAt: 1700000000000 }), 400, 'VALIDATION_FAILED');
    expectError(await report({ temperature: 36.5, measuredAt: 'yesterday' }), 400, 'VALIDATION_FAILED');
    expectError(await report({}), 400, 'VALIDATION_FAILED');
    const resident = await newResident();
    expectError(
      await postHousehold(resident.token, { gridCode: GRIDS.badInput, members: {} }),
      400,
      'VALIDATION_FAILED',
    );
    expectError(
      await postHousehold(resident.token, { gridCode: 370502002012001, members: [memberInput('self')] }),
      400,
      'GRID_CODE_INVALID',
    );
  });

  it('answers 400 naming the keys it does not know, at any depth', async () => {
    const top = expectError(await report({ temperature: 36.5, fever: false }), 400, 'VALIDATION_FAILED');
    expect(issuesOf(top)).toEqual([
      { path: 'body', issue: 'unrecognized_keys', message: expect.any(String), keys: ['fever'] },
    ]);

    const resident = await newResident();
    const nested = expectError(
      await postHousehold(resident.token, {
        gridCode: GRIDS.badInput,
        members: [{ ...memberInput('self'), birthDate: '1990-01-01' }],
      }),
      400,
      'VALIDATION_FAILED',
    );
    expect(issuesOf(nested)).toEqual([
      {
        path: 'body.members.0',
        issue: 'unrecognized_keys',
        message: expect.any(String),
        keys: ['birthDate'],
      },
    ]);
    const proto = expectError(
      await rawReport('{"temperature":36.5,"__proto__":{"admin":true}}'),
      400,
      'VALIDATION_FAILED',
    );
    expect(issuesOf(proto)[0]?.keys).toEqual(['__proto__']);
  });

  it('answers 400 for text with control characters or too long', async () => {
    expectError(await report({ temperature: 36.5, note: 'a\u0000b' }), 400, 'VALIDATION_FAILED');
    expectError(await report({ temperature: 36.5, note: '长'.repeat(201) }), 400, 'VALIDATION_FAILED');
    const resident = await newResident();
    expectError(
      await postHousehold(resident.token, {
        gridCode: GRIDS.badInput,
        members: [memberInput('self', { name: '' })],
      }),
      400,
      'VALIDATION_FAILED',
    );
    expectError(
      await postHousehold(resident.token, {
        gridCode: GRIDS.badInput,
        members: Array.from({ length: 21 }, () => memberInput('other')),
      }),
      400,
      'VALIDATION_FAILED',
    );
  });

  it('answers 413 PAYLOAD_TOO_LARGE beyond the 6 MB Lambda limit', async () => {
    const res = await rawReport(JSON.stringify({ temperature: 36.5, note: 'x'.repeat(6 * 1024 * 1024) }));
    expect(res.status).toBe(413);
    expect(errorBodySchema.parse(res.body).error.code).toBe('PAYLOAD_TOO_LARGE');
  });
});

describe('domain values', () => {
  it('answers 400 TEMPERATURE_OUT_OF_RANGE outside 35.0–42.0 or with more than one decimal', async () => {
    for (const temperature of [42.1, 34.9, 36.55, -1, 0, 1000]) {
      expectError(await report({ temperature }), 400, 'TEMPERATURE_OUT_OF_RANGE');
    }
    // JSON can carry a number too large for a double: it parses as Infinity.
    expectError(await rawReport('{"temperature":1e400}'), 400, 'TEMPERATURE_OUT_OF_RANGE');
  });

  it('answers 400 ID_NUMBER_INVALID for a wrong check digit, region, birth date or format', async () => {
    const resident = await newResident();
    const valid = makeIdNumber('370502', '1985-06-15', '123');
    const wrongCheck = `${valid.slice(0, 17)}${valid[17] === '0' ? '1' : '0'}`;
    const badRegion = makeIdNumber('990502', '1985-06-15', '123');
    const badDate = makeIdNumber('370502', '1985-02-30', '123');
    for (const idNumber of [
      wrongCheck,
      badRegion,
      badDate,
      valid.slice(0, 17),
      `${valid}1`,
      'ABCDEFGHIJKLMNOPQR',
    ]) {
      const error = expectError(
        await postHousehold(resident.token, {
          gridCode: GRIDS.badInput,
          members: [{ ...memberInput('self'), idNumber }],
        }),
        400,
        'ID_NUMBER_INVALID',
      );
      expect(issuesOf(error)[0]?.path).toBe('body.members.0.idNumber');
    }
  });

  it('answers 400 PHONE_INVALID for numbers that are not mainland mobiles', async () => {
    const resident = await newResident();
    for (const phone of ['12812345678', '1381234567', '138123456789', '010-12345678', 'phone']) {
      expectError(
        await postHousehold(resident.token, {
          gridCode: GRIDS.badInput,
          members: [memberInput('self', { phone })],
        }),
        400,
        'PHONE_INVALID',
      );
    }
  });

  it('answers 400 GRID_CODE_INVALID for a grid code of the wrong length or with letters', async () => {
    const resident = await newResident();
    for (const gridCode of ['37050200101200', '3705020010120011', '37050200101200A', '']) {
      expectError(
        await postHousehold(resident.token, { gridCode, members: [memberInput('self')] }),
        400,
        'GRID_CODE_INVALID',
      );
    }
    for (const grid of ['12345', 'abc', '3705020010120011']) {
      expectError(
        await api('GET', `/v1/grids/${grid}/pending?type=health`, { token: gridworker.token }),
        400,
        'GRID_CODE_INVALID',
      );
    }
  });

  it('answers 400 for malformed ids in the path', async () => {
    for (const id of ['abc', unknownId().toLowerCase(), `${unknownId()}0`, 'I'.repeat(26)]) {
      const error = expectError(
        await api('GET', `/v1/persons/${id}/contact`, { token: gridworker.token }),
        400,
        'VALIDATION_FAILED',
      );
      expect(issuesOf(error)[0]?.path).toBe('params.personId');
    }
    expectError(
      await api('PATCH', `/v1/households/x/members/${personId}`, {
        token: h.owner.token,
        body: { name: '甲', version: 1 },
      }),
      400,
      'VALIDATION_FAILED',
    );
  });
});

describe('routes', () => {
  it('answers 404 ROUTE_NOT_FOUND and 405 for paths and methods the API does not have', async () => {
    expectError(await api('GET', '/v1/nothing-here'), 404, 'ROUTE_NOT_FOUND');
    expectError(
      await api('GET', `/v1/persons/${personId}`, { token: h.owner.token }),
      404,
      'ROUTE_NOT_FOUND',
    );
    const res = await api('DELETE', '/v1/households/mine', { token: h.owner.token });
    expect(res.status).toBe(405);
    expect(errorBodySchema.parse(res.body).error.code).toBe('METHOD_NOT_ALLOWED');
  });
});

describe('nothing half-written', () => {
  it('leaves no household behind a refused creation, and the key stays usable', async () => {
    const resident = await newResident();
    const key = newKey();
    const self = memberInput('self');
    const badSecond = { ...memberInput('child'), idNumber: makeIdNumber('370502', '2015-02-29', '001') };
    expectError(
      await postHousehold(resident.token, { gridCode: GRIDS.badInput, members: [self, badSecond] }, key),
      400,
      'ID_NUMBER_INVALID',
    );
    expectError(await api('GET', '/v1/households/mine', { token: resident.token }), 404, 'NOT_FOUND');
    expectError(
      await postHousehold(resident.token, { gridCode: '370502002012999', members: [self] }, key),
      400,
      'GRID_UNKNOWN',
    );
    expectError(await api('GET', '/v1/households/mine', { token: resident.token }), 404, 'NOT_FOUND');

    const created = expectBody(
      await postHousehold(resident.token, { gridCode: GRIDS.badInput, members: [self] }, key),
      201,
      createHouseholdResponseSchema,
    );
    expect(created.members).toHaveLength(1);
  });
});

describe('fuzzing', () => {
  /** mulberry32: a small seeded PRNG, so a failure reproduces. */
  function prng(seed: number) {
    let a = seed >>> 0;
    return () => {
      a = (a + 0x6d2b79f5) >>> 0;
      let t = a;
      t = Math.imul(t ^ (t >>> 15), t | 1);
      t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
      return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
    };
  }

  const KEYS = [
    'temperature',
    'symptoms',
    'note',
    'measuredAt',
    'address',
    'gridCode',
    'members',
    'name',
    'relation',
    'idNumber',
    'phone',
    'decision',
    'method',
    'originCode',
    'departedOn',
    'arrivedOn',
    'transport',
    'kind',
    'number',
    'companions',
    'version',
    '__proto__',
    'constructor',
    '',
    '😷',
    'x'.repeat(300),
  ];
  const STRINGS = [
    '',
    ' ',
    '36.5',
    'cough',
    'self',
    'confirmed',
    'phone',
    'train',
    '2024-01-01',
    '2024-02-30',
    '2024-01-01T08:00:00Z',
    '370502',
    '4201',
    GRIDS.badInput,
    '370502002012999',
    makeIdNumber('370502', '1990-01-01', '001'),
    '13812345678',
    '\u0000',
    '\u202e',
    '💉',
    '<script>',
    "'; DROP TABLE",
    '%00',
    '../..',
    'x'.repeat(5000),
    '$\u{7b}jndi}',
    'null',
  ];
  const NUMBERS = [0, -1, 1, 36.5, 37.3, 42.1, 34.9, 1e308, -1e308, 2 ** 53 + 1, 0.1 + 0.2, 35, 42];

  function value(rand: () => number, depth: number): unknown {
    const pick = <T>(xs: readonly T[]) => xs[Math.floor(rand() * xs.length)]!;
    const roll = rand();
    if (depth > 3 || roll < 0.15) return pick([null, true, false]);
    if (roll < 0.35) return pick(NUMBERS);
    if (roll < 0.6) return pick(STRINGS);
    if (roll < 0.75) return Array.from({ length: Math.floor(rand() * 4) }, () => value(rand, depth + 1));
    const object: Record<string, unknown> = {};
    for (let i = Math.floor(rand() * 6); i > 0; i--) object[pick(KEYS)] = value(rand, depth + 1);
    return object;
  }

  /** Random JSON, or a valid body with a field or two replaced or removed; some cut short or with junk. */
  function body(rand: () => number, template: Record<string, unknown>): string {
    const roll = rand();
    let sent: unknown;
    if (roll < 0.4) sent = value(rand, 1);
    else {
      const mutated: Record<string, unknown> = structuredClone(template);
      const fields = [...Object.keys(template), ...KEYS];
      for (let i = Math.floor(rand() * 3); i > 0; i--) {
        const field = fields[Math.floor(rand() * fields.length)]!;
        if (rand() < 0.3) delete mutated[field];
        else mutated[field] = value(rand, 2);
      }
      sent = mutated;
    }
    const json = JSON.stringify(sent);
    if (roll > 0.95) return json.slice(0, Math.floor(rand() * json.length));
    if (roll > 0.92) return `${json}}`;
    return json;
  }

  function expectClientError(res: ApiResponse, sent: string) {
    const context = `${res.status} for ${sent.slice(0, 200)}: ${JSON.stringify(res.body).slice(0, 300)}`;
    expect(res.status, context).toBeGreaterThanOrEqual(400);
    expect(res.status, context).toBeLessThan(500);
    const { error } = errorBodySchema.parse(res.body);
    expect(error.code in ERROR_CATALOGUE, context).toBe(true);
    const code = error.code as keyof typeof ERROR_CATALOGUE;
    expect(ERROR_CATALOGUE[code].status).toBe(res.status);
    expect(error.message).toBe(errorMessage(code));
  }

  it('answers every random body to four write routes with a 4xx error envelope', async () => {
    // Any body that happens to be valid still gets a 4xx: an unknown person, an unknown
    // submission, a resident who has a household already.
    const nobody = unknownId();
    const routes = [
      {
        path: `/v1/persons/${nobody}/health-reports`,
        token: h.owner.token,
        template: { temperature: 36.5, symptoms: ['cough'], note: '正常' },
      },
      {
        path: `/v1/persons/${nobody}/travel-declarations`,
        token: h.owner.token,
        template: {
          originCode: '370502',
          departedOn: addDays(localDate(new Date()), -3),
          arrivedOn: addDays(localDate(new Date()), -2),
          transport: { kind: 'train', number: 'G1' },
          companions: [],
        },
      },
      {
        path: '/v1/households',
        token: h.owner.token,
        template: { address: '东营区测试路 1 号', gridCode: GRIDS.badInput, members: [memberInput('self')] },
      },
      {
        path: `/v1/submissions/H.${nobody}.20240101.m/verify`,
        token: gridworker.token,
        template: { decision: 'confirmed', method: 'phone' },
      },
    ];
    const rand = prng(20240101);
    const statuses = new Map<string, number>();
    for (let round = 0; round < 20; round++) {
      const requests = Array.from({ length: 10 }, () =>
        routes.map(async ({ path, token, template }) => {
          const sent = body(rand, template);
          const res = await api('POST', path, {
            token,
            rawBody: sent,
            headers: { 'content-type': 'application/json', 'idempotency-key': newKey() },
          });
          expectClientError(res, sent);
          const code = errorBodySchema.parse(res.body).error.code;
          statuses.set(code, (statuses.get(code) ?? 0) + 1);
        }),
      );
      await Promise.all(requests.flat());
    }
    expect([...statuses.values()].reduce((a, b) => a + b, 0)).toBe(800);
    // The bodies reached the parser's, the validation's and the use cases' refusals.
    for (const code of ['INVALID_JSON', 'VALIDATION_FAILED', 'FORBIDDEN_SCOPE', 'HOUSEHOLD_EXISTS']) {
      expect(statuses.get(code), JSON.stringify([...statuses])).toBeGreaterThan(0);
    }
  });
});
