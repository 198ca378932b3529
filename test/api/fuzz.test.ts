/**
 * Fuzzing every route that reads a body, a query or path parameters: inputs are generated from the
 * route's own zod schemas, then broken on purpose (wrong types, missing and unknown keys, huge
 * strings, deep nesting, odd Unicode, malformed JSON, wrong content types, bad percent-encoding).
 * Whatever arrives, the answer is never a 5xx: a 2xx for the rare valid request, otherwise the error
 * envelope with a catalogued code and that code's status.
 *
 * Seeded: FUZZ_SEED reproduces a run (each route uses FUZZ_SEED + its index); a failure prints
 * fast-check's seed and path. FUZZ_RUNS sets the inputs per route.
 */
import { ERROR_CATALOGUE, type ErrorCode, errorBodySchema, gridSchema, makeIdNumber } from '@grid/shared';
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { manifest } from '../../functions/src/manifest/index';
import type { Role, RouteDefinition } from '../../functions/src/manifest/types';
import { unwrapLazy } from '../support/zod-lazy';
import { stack } from './support/client';
import { demo, newGridworker, newHousehold, newStaff, type Session } from './support/fixtures';

// 200 keeps the file near a minute on two cores; FUZZ_RUNS=1000 meets the issue’s bar in about five.
const RUNS = Number(process.env.FUZZ_RUNS ?? 200);
const SEED = Number(process.env.FUZZ_SEED ?? 20_240_601);
const MB = 1024 * 1024;

/** West 现河村 of 胜园街道: only this file makes a grid there. */
const VILLAGE = '370502006201';
const STREET = VILLAGE.slice(0, 9);

/**
 * Routes whose rare valid input would change what other files rely on (the city's risk areas,
 * its regions, grids, staff, notices to every gridworker, imports the job then processes): their
 * bodies always carry one unknown key, so they are refused after the whole body was validated.
 */
const NEVER_VALID = new Set([
  'putRiskAreas',
  'importRegions',
  'createImport',
  'reparseImport',
  'publishNotice',
  'createGrid',
  'setGridCovers',
  'createStaff',
  'assignGridStaff',
  'unassignGridStaff',
  'moveHousehold',
  'mergePersons',
]);

// ---------------------------------------------------------------- schema → arbitrary

interface ZodInternals {
  _zod: { def: Record<string, unknown> & { type: string; checks?: Array<{ _zod: { def: CheckDef } }> } };
}
interface CheckDef {
  check: string;
  pattern?: RegExp;
  maximum?: number;
  minimum?: number;
  value?: number;
  format?: string;
}

const zodOf = (schema: unknown) => (unwrapLazy(schema) as ZodInternals)._zod.def;

const ulidArb = fc.stringMatching(/^[0-9A-HJKMNP-TV-Z]{26}$/);
/** Strings a custom check (dates, phones, ID numbers, region codes) would accept, and near misses. */
const domainStringArb = fc.oneof(
  fc.constantFrom('2024-02-29', '2024-13-01', '1999-12-31', '2099-01-01', '0000-00-00'),
  fc
    .date({ min: new Date('2000-01-01'), max: new Date('2040-01-01'), noInvalidDate: true })
    .map((d) => d.toISOString().slice(0, 10)),
  fc
    .tuple(fc.integer({ min: 3, max: 9 }), fc.integer({ min: 0, max: 999_999_999 }))
    .map(([b, n]) => `1${b}${String(n).padStart(9, '0')}`),
  fc
    .tuple(
      fc.date({ min: new Date('1930-01-01'), max: new Date('2020-01-01'), noInvalidDate: true }),
      fc.nat(999),
    )
    .map(([d, n]) => makeIdNumber('370502', d.toISOString().slice(0, 10), String(n).padStart(3, '0'))),
  fc.constantFrom(
    '3705',
    '370502',
    '370502006',
    '370502006201',
    '370502006201001',
    '420100',
    '99',
    '3705020062010011',
  ),
  fc.date({ noInvalidDate: true }).map((d) => d.toISOString()),
  ulidArb,
  fc.string({ maxLength: 40 }),
);
const numberArb = fc.oneof(
  fc.integer({ min: -10, max: 120 }),
  fc.integer({ min: 350, max: 420 }).map((n) => n / 10),
  fc.double({ noNaN: true, noDefaultInfinity: true }),
  fc.constantFrom(0, -0, 1, 99, 100_001, 2 ** 53, -(2 ** 31), 36.55),
);

function stringArb(checks: CheckDef[]): fc.Arbitrary<string> {
  const pattern = checks.find((c) => c.check === 'string_format' && c.pattern)?.pattern;
  const max = checks.find((c) => c.check === 'max_length')?.maximum;
  if (pattern && !pattern.flags.includes('u')) return fc.oneof(fc.stringMatching(pattern), domainStringArb);
  if (max !== undefined) return fc.oneof(fc.string({ maxLength: max, unit: 'grapheme' }), domainStringArb);
  return domainStringArb;
}

function arbitraryOf(schema: unknown, depth = 0): fc.Arbitrary<unknown> {
  const def = zodOf(schema);
  const checks = (def.checks ?? []).map((c) => c._zod.def);
  if (depth > 6) return fc.constant(null);
  switch (def.type) {
    case 'object': {
      const shape = def.shape as Record<string, unknown>;
      const required = Object.keys(shape).filter(
        (k) => !['optional', 'default'].includes(zodOf(shape[k]).type),
      );
      const fields = Object.fromEntries(
        Object.entries(shape).map(([k, v]) => [k, arbitraryOf(v, depth + 1)]),
      );
      return fc.record(fields, { requiredKeys: required });
    }
    case 'string':
      return stringArb(checks);
    case 'number':
      return numberArb;
    case 'boolean':
      return fc.boolean();
    case 'enum':
      return fc.constantFrom(...Object.values(def.entries as Record<string, string>));
    case 'literal':
      return fc.constantFrom(...(def.values as unknown[]));
    case 'array':
      return fc.array(arbitraryOf(def.element, depth + 1), { maxLength: 4 });
    case 'optional':
    case 'default':
      return fc.option(arbitraryOf(def.innerType, depth + 1), { nil: undefined });
    case 'nullable':
      return fc.option(arbitraryOf(def.innerType, depth + 1), { nil: null });
    case 'union':
      return fc.oneof(...(def.options as unknown[]).map((o) => arbitraryOf(o, depth + 1)));
    case 'pipe':
      return arbitraryOf(def.in, depth + 1);
    case 'record':
      return fc.dictionary(
        arbitraryOf(def.keyType, depth + 1).map(String),
        arbitraryOf(def.valueType, depth + 1),
        { maxKeys: 4 },
      );
    default:
      return fc.jsonValue({ maxDepth: 2 });
  }
}

// ---------------------------------------------------------------- breaking things

const oddUnicodeArb = fc.constantFrom(
  '\ud800',
  '\udfff',
  'a\ud83dz',
  '\u202e\u0645\u0631\u062d\u0628\u0627',
  '\u200f\u200e',
  '\u200d\u200c\u2060',
  '\ufeff',
  '\u0000',
  'a\u0000b',
  '\u0007\u001b[31m',
  '\u2028\u2029',
  '\ufffe\uffff',
  '👨‍👩‍👧‍👦',
  'Z̷̢̛a̶͝l̵g̴o̸',
  '\u3000\u00a0',
  '１３８００１３８０００',
  '３７０５０２１９９０１２３４５６７８',
  '../../etc/passwd',
  '<script>alert(1)</script>',
  "'; DROP TABLE x; --",
  `$${'{'}jndi:ldap://x}`,
  '%00%ff',
  '{"$ne":null}',
);
/** Long text: mostly up to 70 KB (each request stays cheap); the 5 MB bodies have their own test below. */
const hugeStringArb = fc
  .oneof(
    {
      weight: 20,
      arbitrary: fc.tuple(
        fc.constantFrom(1_000, 10_000),
        fc.constantFrom('a', '数', '\u0000', '9', '\ud800'),
      ),
    },
    { weight: 4, arbitrary: fc.tuple(fc.constant(70_000), fc.constantFrom('a', '数', '\ud800')) },
    { weight: 1, arbitrary: fc.tuple(fc.constantFrom(400_000, 1 * MB), fc.constantFrom('a', '数')) },
  )
  .map(([size, unit]) => unit.repeat(size));
const badConstantArb = fc.constantFrom<unknown>(
  null,
  true,
  false,
  0,
  -1,
  1e308,
  -1e-308,
  '',
  [],
  {},
  [null],
  { a: 1 },
);
const wrongValueArb: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 3, arbitrary: badConstantArb },
  { weight: 3, arbitrary: oddUnicodeArb },
  { weight: 1, arbitrary: hugeStringArb },
  { weight: 2, arbitrary: fc.jsonValue({ maxDepth: 3 }) },
  { weight: 1, arbitrary: fc.integer({ min: 50, max: 3_000 }).map(deepNest) },
);
/** A query string must fit API Gateway's 10 KB request line and headers: no huge values there. */
const wrongQueryValueArb: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 3, arbitrary: badConstantArb },
  { weight: 3, arbitrary: oddUnicodeArb },
  { weight: 1, arbitrary: fc.string({ minLength: 100, maxLength: 1_500 }) },
  { weight: 2, arbitrary: fc.jsonValue({ maxDepth: 2 }) },
);

function deepNest(depth: number): unknown {
  let value: unknown = 'x';
  for (let i = 0; i < depth; i++) value = i % 2 ? [value] : { a: value };
  return value;
}

type Mutation =
  | { kind: 'none' }
  | { kind: 'replace'; at: number; value: unknown }
  | { kind: 'drop'; at: number }
  | { kind: 'extra'; key: string; value: unknown }
  | { kind: 'whole'; value: unknown };

const mutationArbOf = (wrong: fc.Arbitrary<unknown>): fc.Arbitrary<Mutation> =>
  fc.oneof(
    { weight: 2, arbitrary: fc.constant<Mutation>({ kind: 'none' }) },
    {
      weight: 5,
      arbitrary: fc.record({ kind: fc.constant('replace' as const), at: fc.nat(), value: wrong }),
    },
    { weight: 2, arbitrary: fc.record({ kind: fc.constant('drop' as const), at: fc.nat() }) },
    {
      weight: 2,
      arbitrary: fc.record({
        kind: fc.constant('extra' as const),
        key: fc.oneof(fc.string({ maxLength: 12 }), fc.constantFrom('__proto__', 'constructor', 'toString')),
        value: wrong,
      }),
    },
    { weight: 1, arbitrary: fc.record({ kind: fc.constant('whole' as const), value: wrong }) },
  );
const mutationArb = mutationArbOf(wrongValueArb);
const queryMutationArb = mutationArbOf(wrongQueryValueArb);

/** Every [container, key] in a JSON value, depth first, so a mutation can pick one. */
function slots(value: unknown, out: Array<[Record<string, unknown> | unknown[], string | number]> = []) {
  if (Array.isArray(value)) {
    for (const [i, v] of value.entries()) {
      out.push([value, i]);
      slots(v, out);
    }
  } else if (value && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) {
      out.push([value as Record<string, unknown>, k]);
      slots(v, out);
    }
  }
  return out;
}

function mutate(value: unknown, m: Mutation): unknown {
  if (m.kind === 'none') return value;
  if (m.kind === 'whole') return m.value;
  if (m.kind === 'extra') {
    if (value && typeof value === 'object' && !Array.isArray(value)) {
      Object.defineProperty(value, m.key, {
        value: m.value,
        enumerable: true,
        configurable: true,
        writable: true,
      });
    }
    return value;
  }
  const all = slots(value);
  if (all.length === 0) return m.kind === 'replace' ? m.value : value;
  const [container, key] = all[m.at % all.length]!;
  if (m.kind === 'replace') (container as Record<string | number, unknown>)[key] = m.value;
  else if (Array.isArray(container)) container.splice(key as number, 1);
  else delete (container as Record<string, unknown>)[key as string];
  return value;
}

type RawBody =
  | { kind: 'json' }
  | { kind: 'truncated'; at: number }
  | { kind: 'garbage'; text: string }
  | { kind: 'bytes'; bytes: number[] }
  | { kind: 'splice'; at: number; text: string };

const rawBodyArb: fc.Arbitrary<RawBody> = fc.oneof(
  { weight: 12, arbitrary: fc.constant<RawBody>({ kind: 'json' }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('truncated' as const), at: fc.nat() }) },
  {
    weight: 1,
    arbitrary: fc.record({
      kind: fc.constant('garbage' as const),
      text: fc.oneof(
        fc.string({ maxLength: 50 }),
        fc.constantFrom(
          '',
          ' ',
          'null',
          'NaN',
          "{'a':1}",
          '{"a":1,}',
          '\ufeff{}',
          '{"a":1}{"b":2}',
          '[',
          '"\\ud800"',
          '{"a":1e999}',
          '/* */{}',
        ),
        fc.integer({ min: 1000, max: 100_000 }).map((n) => `${'['.repeat(n)}${']'.repeat(n)}`),
      ),
    }),
  },
  {
    weight: 1,
    arbitrary: fc.record({
      kind: fc.constant('bytes' as const),
      bytes: fc.array(fc.integer({ min: 0, max: 255 }), { minLength: 1, maxLength: 64 }),
    }),
  },
  {
    weight: 1,
    arbitrary: fc.record({
      kind: fc.constant('splice' as const),
      at: fc.nat(),
      text: fc.constantFrom('\u0000', '\\', '"', '\\u', '\\ud800', '}', ',', '\xff', '\n'),
    }),
  },
);

const contentTypeArb = fc.oneof(
  { weight: 12, arbitrary: fc.constant<string | null>('application/json') },
  {
    weight: 1,
    arbitrary: fc.constantFrom<string | null>(
      null,
      'text/plain',
      'application/x-www-form-urlencoded',
      'multipart/form-data; boundary=x',
      'application/xml',
      'application/json; charset=utf-16',
      'APPLICATION/JSON',
      'application/jsonx',
      'application/octet-stream',
      '*/*',
    ),
  },
);

/** encodeURIComponent, except that a lone surrogate becomes the (invalid UTF-8) bytes of its code unit. */
function encodeLoosely(text: string): string {
  let out = '';
  for (const ch of text) {
    const unit = ch.charCodeAt(0);
    out +=
      ch.length === 1 && unit >= 0xd800 && unit <= 0xdfff
        ? `%${(0xe0 | (unit >> 12)).toString(16)}%${(0x80 | ((unit >> 6) & 0x3f)).toString(16)}%${(0x80 | (unit & 0x3f)).toString(16)}`
        : encodeURIComponent(ch);
  }
  return out;
}

/** A path segment: a well-formed value from the schema, or something else, percent-encoded or not. */
function segmentArb(schema: unknown): fc.Arbitrary<string> {
  return fc.oneof(
    { weight: 3, arbitrary: arbitraryOf(schema).map((v) => encodeLoosely(String(v))) },
    { weight: 1, arbitrary: ulidArb },
    { weight: 2, arbitrary: fc.oneof(oddUnicodeArb, fc.string({ maxLength: 300 })).map(encodeLoosely) },
    {
      weight: 1,
      // Not '.' or '..': the URL parser of any client removes dot segments before sending.
      arbitrary: fc.constantFrom('%', '%zz', '%ff%fe', '%00', '%2F', '%252F', 'a%2Fb', '~', '%C0%AF', '...'),
    },
    { weight: 1, arbitrary: fc.integer({ min: 100, max: 1_500 }).map((n) => 'A'.repeat(n)) },
  );
}

/** A query string: the schema's fields with generated values, broken values, unknown or repeated keys. */
function queryArb(schema: unknown | undefined): fc.Arbitrary<string> {
  const base = schema ? arbitraryOf(schema) : fc.constant({});
  const pairArb = fc.tuple(
    fc.oneof(
      fc.string({ maxLength: 10 }),
      fc.constantFrom('limit', 'cursor', 'from', 'to', 'scope', 'date', '__proto__'),
    ),
    fc.oneof(
      fc.string({ maxLength: 30 }),
      oddUnicodeArb,
      fc.integer({ min: 600, max: 2_000 }).map((n) => 'x'.repeat(n)),
    ),
  );
  return fc
    .record({
      value: base,
      mutation: queryMutationArb,
      extra: fc.array(pairArb, { maxLength: 3 }),
      raw: fc.oneof(
        { weight: 6, arbitrary: fc.constant('') },
        { weight: 1, arbitrary: fc.constantFrom('%', '%zz', '&&=&', '=x', 'a=%ff', 'limit') },
      ),
    })
    .map(({ value, mutation, extra, raw }) => {
      const mutated = mutate(structuredClone(value), mutation);
      const pairs: Array<[string, string]> = [];
      if (mutated && typeof mutated === 'object' && !Array.isArray(mutated)) {
        for (const [k, v] of Object.entries(mutated)) {
          if (v === undefined) continue;
          if (Array.isArray(v)) for (const item of v) pairs.push([k, String(item)]);
          else pairs.push([k, typeof v === 'object' ? JSON.stringify(v) : String(v)]);
        }
      }
      pairs.push(...extra);
      const encoded = pairs.map(([k, v]) => `${encodeLoosely(k)}=${encodeLoosely(v)}`);
      if (raw) encoded.push(raw);
      let query = encoded.join('&');
      while (query.length > 6_000)
        query = query.slice(0, query.lastIndexOf('&') > 0 ? query.lastIndexOf('&') : 6_000);
      return query;
    });
}

interface FuzzCase {
  path: string;
  query: string;
  body?: { value: unknown; raw: RawBody; contentType: string | null };
  idempotencyKey?: string | null;
}

function caseArb(route: RouteDefinition): fc.Arbitrary<FuzzCase> {
  const paramsShape = route.request.params
    ? (zodOf(route.request.params).shape as Record<string, unknown>)
    : {};
  const segments = route.path.split('/').map((part) => {
    const name = /^\{(.+)\}$/.exec(part)?.[1];
    return name ? segmentArb(paramsShape[name]) : fc.constant(part);
  });
  const bodySchema = route.request.body;
  const bodyArb = bodySchema
    ? fc
        .record({
          value: arbitraryOf(bodySchema),
          mutation: mutationArb,
          raw: rawBodyArb,
          contentType: contentTypeArb,
        })
        .map(({ value, mutation, raw, contentType }) => {
          let mutated = mutate(structuredClone(value), mutation);
          if (NEVER_VALID.has(route.operationId)) {
            mutated =
              mutated && typeof mutated === 'object' && !Array.isArray(mutated)
                ? { ...mutated, fuzzUnknownKey: true }
                : mutated;
          }
          return { value: mutated, raw, contentType };
        })
    : fc.constant(undefined);
  const keyArb = route.request.headers?.includes('idempotency-key')
    ? fc.oneof(
        { weight: 6, arbitrary: fc.stringMatching(/^[A-Za-z0-9_-]{8,64}$/) },
        {
          weight: 1,
          arbitrary: fc.constantFrom<string | null>(
            null,
            '',
            'short',
            'x'.repeat(65),
            'has space!',
            'bad*key!',
          ),
        },
      )
    : fc.constant(undefined);
  return fc
    .record({
      segments: fc.tuple(...segments),
      query: queryArb(route.request.query),
      body: bodyArb,
      key: keyArb,
    })
    .map(({ segments: parts, query, body, key }) => ({
      path: parts.join('/'),
      query,
      ...(body ? { body } : {}),
      ...(key !== undefined ? { idempotencyKey: key } : {}),
    }));
}

function serialize(body: NonNullable<FuzzCase['body']>): string | Uint8Array {
  const json = JSON.stringify(body.value) ?? '';
  switch (body.raw.kind) {
    case 'json':
      return json;
    case 'truncated':
      return json.slice(0, body.raw.at % (json.length + 1));
    case 'garbage':
      return body.raw.text;
    case 'bytes':
      return new Uint8Array(body.raw.bytes);
    case 'splice': {
      const at = body.raw.at % (json.length + 1);
      return json.slice(0, at) + body.raw.text + json.slice(at);
    }
  }
}

// ---------------------------------------------------------------- the requests

const tokens = new Map<Role, string>();

function tokenFor(route: RouteDefinition): string | undefined {
  if (route.auth === 'public') return undefined;
  // Staff confined to this file's grid and street first; the admin only where nobody else may go.
  for (const role of ['gridworker', 'centre', 'resident', 'volunteer', 'admin'] as const) {
    if (route.auth.roles.includes(role)) return tokens.get(role);
  }
  throw new Error(`no principal for ${route.operationId}`);
}

interface Outcome {
  status: number;
  text: string;
}

async function send(route: RouteDefinition, c: FuzzCase): Promise<Outcome> {
  const headers: Record<string, string> = {};
  const token = tokenFor(route);
  if (token) headers.authorization = `Bearer ${token}`;
  if (c.idempotencyKey) headers['idempotency-key'] = c.idempotencyKey;
  let body: string | Uint8Array | undefined;
  if (c.body) {
    body = serialize(c.body);
    if (c.body.contentType) headers['content-type'] = c.body.contentType;
  }
  const url = `${stack().apiUrl}${c.path}${c.query ? `?${c.query}` : ''}`;
  const res = await fetch(url, { method: route.method, headers, body });
  const contentType = res.headers.get('content-type') ?? '';
  const text = contentType.startsWith('application/json') ? await res.text() : `<${contentType}>`;
  if (!contentType.startsWith('application/json')) await res.arrayBuffer().catch(() => undefined);
  return { status: res.status, text };
}

/** Never a 5xx; an error is the envelope with a catalogued code and that code's status. */
function checkOutcome(route: RouteDefinition, { status, text }: Outcome): void {
  expect(status, `${status} ${text.slice(0, 500)}`).toBeLessThan(500);
  // A 2xx may be a file (the daily report's workbook); a refusal is always JSON.
  if (status < 400) {
    expect(NEVER_VALID.has(route.operationId), `${route.operationId} accepted ${text.slice(0, 300)}`).toBe(
      false,
    );
    return;
  }
  expect(text, `${status} without a JSON body`).not.toMatch(/^</);
  const parsed = errorBodySchema.safeParse(JSON.parse(text));
  expect(parsed.success, text.slice(0, 500)).toBe(true);
  const code = parsed.data!.error.code;
  expect(Object.keys(ERROR_CATALOGUE), text.slice(0, 500)).toContain(code);
  expect(ERROR_CATALOGUE[code as ErrorCode].status, text.slice(0, 500)).toBe(status);
}

function describeCase(c: FuzzCase): string {
  const shorten = (s: string) => (s.length > 300 ? `${s.slice(0, 300)}…(${s.length} chars)` : s);
  const body = c.body ? serialize(c.body) : undefined;
  return JSON.stringify({
    path: shorten(c.path),
    query: shorten(c.query),
    contentType: c.body?.contentType,
    idempotencyKey: c.idempotencyKey,
    body: body === undefined ? undefined : typeof body === 'string' ? shorten(body) : `bytes ${[...body]}`,
  });
}

const fuzzed = manifest.routes.filter((r) => r.request.body || r.request.query || r.request.params);

beforeAll(async () => {
  const admin = await demo('demo-admin');
  const res = await fetch(`${stack().apiUrl}/v1/grids`, {
    method: 'POST',
    headers: { authorization: `Bearer ${admin.token}`, 'content-type': 'application/json' },
    body: JSON.stringify({ villageCode: VILLAGE, kind: 'basic', name: '模糊测试网格' }),
  });
  const grid = gridSchema.parse(await res.json()).gridCode;
  const [gridworker, volunteer, centre, household] = await Promise.all([
    newGridworker(grid),
    newStaff({ role: 'volunteer', grids: [grid] }),
    newStaff({ role: 'centre', regionCode: STREET }),
    newHousehold(grid),
  ]);
  const sessions: Array<[Role, Session]> = [
    ['admin', admin],
    ['gridworker', gridworker],
    ['volunteer', volunteer],
    ['centre', centre],
    ['resident', household.owner],
  ];
  for (const [role, session] of sessions) tokens.set(role, session.token);
}, 60_000);

describe.concurrent(`fuzzing ${fuzzed.length} routes, ${RUNS} inputs each (seed ${SEED})`, () => {
  fuzzed.forEach((route, index) => {
    it(`${route.method} ${route.path}`, { timeout: 600_000 }, async () => {
      await fc.assert(
        fc.asyncProperty(caseArb(route), async (c) => {
          const outcome = await send(route, c);
          try {
            checkOutcome(route, outcome);
          } catch (err) {
            throw new Error(`${route.operationId} ${describeCase(c)}\n${(err as Error).message}`);
          }
        }),
        { seed: SEED + index, numRuns: RUNS, endOnFailure: true },
      );
    });
  });
});

describe('bodies near and over the 6 MB limit', () => {
  const withBody = manifest.routes.filter((r) => r.request.body).map((r) => [r.operationId, r] as const);
  const post = (route: RouteDefinition, size: number) => {
    const token = tokenFor(route);
    return fetch(`${stack().apiUrl}${route.path.replace(/\{[^}]+\}/g, '01ARZ3NDEKTSV4RRFFQ69G5FAV')}`, {
      method: route.method,
      headers: {
        'content-type': 'application/json',
        'idempotency-key': 'fuzz-big-body-key',
        ...(token ? { authorization: `Bearer ${token}` } : {}),
      },
      // Half of it three-byte characters, half ASCII: `size` bytes of UTF-8 in all.
      body: JSON.stringify({ note: '数'.repeat(Math.floor(size / 6)), pad: 'a'.repeat(Math.ceil(size / 2)) }),
    });
  };

  it.concurrent.each(withBody)('%s refuses 5 MB of text cleanly', async (_, route) => {
    const res = await post(route, 5 * MB);
    checkOutcome(route, { status: res.status, text: await res.text() });
    expect(res.status).toBeGreaterThanOrEqual(400);
  });

  it.concurrent.each(withBody)('%s answers 413 PAYLOAD_TOO_LARGE over 6 MB', async (_, route) => {
    const res = await post(route, 6 * MB + 30);
    checkOutcome(route, { status: res.status, text: await res.text() });
    expect(res.status).toBe(413);
  });
});
