/**
 * Page cursors at the edges (issue 15, items 4 and 5). Cursors are opaque and bound to the query
 * that made them: whatever a client sends in their place — hand-edited keys (only the partition, an
 * extra attribute, an empty sort key), a cursor of another list, partition or filter, a tampered or
 * random string — every paginated route of the manifest answers 400 INVALID_CURSOR (or
 * VALIDATION_FAILED for what the schema refuses), never a 5xx. And a list whose filter runs after
 * DynamoDB's limit never answers an empty page while items remain.
 *
 * Seeded: FUZZ_SEED reproduces a run; FUZZ_RUNS sets the cursors per route. This file owns
 * 龙居镇 (370502105).
 */
import { type ErrorCode, localDate } from '@grid/shared';
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { entryKeys } from '../../functions/src/contexts/checkpoints/entities/entries';
import { receiptKeys } from '../../functions/src/contexts/notices/entities/notice-receipt';
import { taskKeys } from '../../functions/src/contexts/notices/entities/task';
import { REVOKED_PARTITION } from '../../functions/src/contexts/passes/entities/passes';
import { correctionKeys } from '../../functions/src/contexts/privacy/entities/correction';
import { alertKeys } from '../../functions/src/contexts/quarantine/entities/alert';
import { escalationTaskKeys } from '../../functions/src/contexts/quarantine/entities/escalation-task';
import { pendingKeys } from '../../functions/src/contexts/reporting/entities/submissions';
import { importKeys } from '../../functions/src/contexts/screening/entities/import';
import { registrationTaskKeys } from '../../functions/src/contexts/screening/entities/registration-task';
import { supplyRequestKeys } from '../../functions/src/contexts/supply/entities/supply-request';
import { keys } from '../../functions/src/lib/dynamo/keys';
import { manifest } from '../../functions/src/manifest/index';
import { unwrapLazy } from '../support/zod-lazy';
import { type ApiResponse, api, drainStreams, newKey } from './support/client';
import { demo, expectError, memberInput, newGrid, newGridworker, newHousehold } from './support/fixtures';

const RUNS = Number(process.env.FUZZ_RUNS ?? 40);
const SEED = Number(process.env.FUZZ_SEED ?? 20_261_203);
const STREET = '370502105';
const VILLAGE = '370502105201';
const OTHER_VILLAGE = '370502105202';

let G: string;
let G2: string;
const tokens: Record<'admin' | 'gw' | 'owner', string> = { admin: '', gw: '', owner: '' };
let householdId: string;
let importId: string;
let gwUserId: string;
let checkpointId: string;
const today = localDate(new Date());

interface Paged {
  who: keyof typeof tokens;
  path: string;
  /** The partition the list reads, as the unsigned cursors of old named it. */
  partition: [name: 'pk' | 'gsi1pk', value: string];
}

/** One request per paginated route: who calls it and the path, without a cursor. */
const PAGED: Record<string, () => Paged> = {
  listPendingSubmissions: () => ({
    who: 'gw',
    path: `/v1/grids/${G}/pending?type=health`,
    partition: ['gsi1pk', pendingKeys.ofGrid(G)],
  }),
  listMyCorrections: () => ({
    who: 'owner',
    path: '/v1/me/corrections',
    partition: ['pk', keys.household(householdId).pk],
  }),
  listGridCorrections: () => ({
    who: 'gw',
    path: `/v1/grids/${G}/corrections`,
    partition: ['gsi1pk', correctionKeys.openOfGrid(G)],
  }),
  listAlerts: () => ({
    who: 'gw',
    path: `/v1/alerts?scope=${G}&status=open`,
    partition: ['gsi1pk', alertKeys.ofStreet(STREET)],
  }),
  listGridTasks: () => ({
    who: 'gw',
    path: `/v1/grids/${G}/tasks`,
    partition: ['gsi1pk', taskKeys.openOfGrid(G)],
  }),
  listHouseholdSupplyRequests: () => ({
    who: 'owner',
    path: `/v1/households/${householdId}/supply-requests`,
    partition: ['pk', keys.household(householdId).pk],
  }),
  listGridSupplyRequests: () => ({
    who: 'gw',
    path: `/v1/grids/${G}/supply-requests`,
    partition: ['gsi1pk', supplyRequestKeys.openOfGrid(G)],
  }),
  listImportRows: () => ({
    who: 'admin',
    path: `/v1/cross-match/imports/${importId}/rows`,
    partition: ['pk', importKeys.partition(importId)],
  }),
  listRegistrationTasks: () => ({
    who: 'gw',
    path: `/v1/grids/${G}/registration-tasks`,
    partition: ['gsi1pk', registrationTaskKeys.ofGrid(G)],
  }),
  listRegistrationQueue: () => ({
    who: 'admin',
    path: `/v1/regions/${STREET}/registration-queue`,
    partition: ['gsi1pk', registrationTaskKeys.queueOfRegion(STREET)],
  }),
  listEntries: () => ({
    who: 'gw',
    path: `/v1/checkpoints/${checkpointId}/entries?date=${today}`,
    partition: ['pk', entryKeys.entriesOfDay(checkpointId, today)],
  }),
  listNoticeInbox: () => ({
    who: 'gw',
    path: '/v1/notices/inbox',
    partition: ['gsi1pk', receiptKeys.inbox(gwUserId)],
  }),
  listPassRevocations: () => ({
    who: 'gw',
    path: '/v1/pass-revocations',
    partition: ['pk', REVOKED_PARTITION],
  }),
  listRegionTasks: () => ({
    who: 'admin',
    path: `/v1/regions/${STREET}/tasks`,
    partition: ['gsi1pk', escalationTaskKeys.ofRegion(STREET)],
  }),
};

function paged(operationId: string, cursor: string | undefined, extra = '') {
  const { who, path } = PAGED[operationId]!();
  const sep = path.includes('?') ? '&' : '?';
  const query = `${cursor === undefined ? '' : `cursor=${encodeURIComponent(cursor)}`}${extra}`;
  return api('GET', query ? `${path}${sep}${query}` : path, { token: tokens[who] });
}

const b64 = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');

/**
 * Unsigned cursors naming the list's own partition, edited as the issue found them crashing the
 * API: only the partition key, an empty or missing sort key, an extra attribute, a wrong type.
 */
function editedKeyCursor([name, value]: Paged['partition']) {
  const sortName = name === 'pk' ? 'sk' : 'gsi1sk';
  return fc
    .record({
      sort: fc.option(fc.oneof(fc.constant(''), fc.string({ maxLength: 30 }), fc.integer()), {
        nil: undefined,
      }),
      pk: fc.option(fc.string({ maxLength: 30 }), { nil: undefined }),
      sk: fc.option(fc.oneof(fc.constant(''), fc.string({ maxLength: 30 })), { nil: undefined }),
      extra: fc.dictionary(fc.string({ maxLength: 6 }), fc.jsonValue({ maxDepth: 1 }), { maxKeys: 2 }),
    })
    .map(({ sort, pk, sk, extra }) =>
      b64({
        [name]: value,
        ...(sort === undefined ? {} : { [sortName]: sort }),
        ...(pk === undefined ? {} : { pk }),
        ...(sk === undefined ? {} : { sk }),
        ...extra,
      }),
    );
}

/** Cursors a client could make by hand: the old unsigned format, keys edited, signatures guessed. */
const forgedCursor = fc.oneof(
  fc.string({ maxLength: 80 }),
  fc.string({ maxLength: 80, unit: 'grapheme' }),
  fc.stringMatching(/^[A-Za-z0-9_-]{1,200}$/),
  fc.constantFrom(
    b64({ gsi1pk: `PENDING#${'370502105201001'}#health` }),
    b64({ pk: 'X', sk: '', gsi1pk: 'Y', gsi1sk: '' }),
    b64({ pk: 'A', sk: 'B', extra: 'C' }),
    b64([1, 2, 3]),
    b64('string'),
    b64(null),
    'c1..',
    'c1.e30.',
    'c1.e30.AAAAAAAAAAAAAAAAAAAAAA',
    'c1.e30.AAAAAAAAAAAAAAAAAAAAAA.x',
  ),
  fc
    .record({
      pk: fc.string({ maxLength: 20 }),
      sk: fc.oneof(fc.constant(''), fc.string({ maxLength: 20 }), fc.integer()),
      gsi1pk: fc.string({ maxLength: 20 }),
      gsi1sk: fc.oneof(fc.constant(''), fc.string({ maxLength: 20 })),
      more: fc.dictionary(fc.string({ maxLength: 5 }), fc.jsonValue({ maxDepth: 2 }), { maxKeys: 3 }),
    })
    .map(({ more, ...key }) => b64({ ...key, ...more })),
  fc
    .tuple(fc.jsonValue({ maxDepth: 2 }), fc.stringMatching(/^[A-Za-z0-9_-]{0,30}$/))
    .map(([key, mac]) => `c1.${b64(key)}.${mac}`),
);

const REFUSALS = new Set<ErrorCode>(['INVALID_CURSOR', 'VALIDATION_FAILED']);

function refusedCleanly(res: ApiResponse): boolean {
  const code = (res.body as { error?: { code?: ErrorCode } } | null)?.error?.code;
  return res.status === 400 && code !== undefined && REFUSALS.has(code);
}

/** A gridworker's fever report for a fresh member of a household in `grid`: an open alert. */
async function feverAlert(grid: string): Promise<void> {
  const created = await api<{ members: Array<{ personId: string }> }>('POST', '/v1/households', {
    token: tokens.gw,
    body: { address: '龙居镇游标测试 1 号', gridCode: grid, members: [memberInput('self')] },
    headers: { 'idempotency-key': newKey() },
  });
  expect(created.status).toBe(201);
  const report = await api('POST', `/v1/persons/${created.body.members[0]!.personId}/health-reports`, {
    token: tokens.gw,
    body: { temperature: 38.9 },
    headers: { 'idempotency-key': newKey() },
  });
  expect(report.status).toBe(201);
}

beforeAll(async () => {
  const admin = await demo('demo-admin');
  tokens.admin = admin.token;
  const [grid, other] = await Promise.all([newGrid(VILLAGE), newGrid(OTHER_VILLAGE)]);
  [G, G2] = [grid.gridCode, other.gridCode];
  const [gw, home] = await Promise.all([newGridworker(G, G2), newHousehold(G)]);
  tokens.gw = gw.token;
  gwUserId = gw.user.userId;
  tokens.owner = home.owner.token;
  householdId = home.household.householdId;
  const created = await api<{ importId: string }>('POST', '/v1/cross-match/imports', {
    token: admin.token,
    body: { filename: 'cursor-fuzz.csv', source: 'police', regionCode: STREET },
  });
  expect(created.status).toBe(201);
  importId = created.body.importId;
  const checkpoint = await api<{ checkpointId: string }>('POST', '/v1/checkpoints', {
    token: admin.token,
    body: { regionCode: VILLAGE, name: '游标测试卡口', kind: 'road' },
  });
  expect(checkpoint.status).toBe(201);
  checkpointId = checkpoint.body.checkpointId;
  // Two pending reports in G: the pending list has a second page.
  for (const member of home.members.slice(0, 2)) {
    const res = await api('POST', `/v1/persons/${member.person.personId}/health-reports`, {
      token: home.owner.token,
      body: { temperature: 36.5 },
      headers: { 'idempotency-key': newKey() },
    });
    expect(res.status).toBe(201);
  }
  // Alerts of the street, oldest first: one in G, then five newer in G2.
  await feverAlert(G);
  await drainStreams();
  for (let i = 0; i < 5; i++) await feverAlert(G2);
  await drainStreams();
}, 120_000);

describe('page cursors', () => {
  it('fuzz every paginated route of the manifest (a route added without an entry here fails)', () => {
    const pagedRoutes = manifest.routes
      .filter((r) => {
        const shape = (unwrapLazy(r.request.query) as { shape?: Record<string, unknown> } | undefined)?.shape;
        return shape !== undefined && 'cursor' in shape;
      })
      .map((r) => r.operationId);
    expect(pagedRoutes.sort()).toEqual(Object.keys(PAGED).sort());
  });

  it.each(Object.keys(PAGED))(
    '%s: a forged cursor is a clean 400, never a 5xx',
    { timeout: 120_000 },
    async (id) => {
      expect((await paged(id, undefined)).status, 'the route answers without a cursor').toBe(200);
      await fc.assert(
        fc.asyncProperty(fc.oneof(forgedCursor, editedKeyCursor(PAGED[id]!().partition)), async (cursor) => {
          const res = await paged(id, cursor);
          // The empty string is "no cursor": the first page.
          if (cursor === '') return res.status === 200;
          return refusedCleanly(res);
        }),
        { numRuns: RUNS, seed: SEED + Object.keys(PAGED).indexOf(id) },
      );
    },
  );

  it('binds a real cursor to its list, partition and filter; a tampered one is refused', async () => {
    const first = await paged('listPendingSubmissions', undefined, '&limit=1');
    const cursor = (first.body as { nextCursor: string | null }).nextCursor;
    expect(cursor).toEqual(expect.any(String));
    const second = await paged('listPendingSubmissions', cursor!, '&limit=1');
    expect((second.body as { items: unknown[] }).items).toHaveLength(1);

    const refused = [
      // Another filter of the same list (the travel queue of the same grid).
      await api('GET', `/v1/grids/${G}/pending?type=travel&cursor=${cursor}`, { token: tokens.gw }),
      // Another grid's list.
      await api('GET', `/v1/grids/${G2}/pending?type=health&cursor=${cursor}`, { token: tokens.gw }),
      // Another list.
      await paged('listGridTasks', cursor!),
      await paged('listGridCorrections', cursor!),
      // One character of the key or of the signature changed.
      ...[10, cursor!.length - 2].map((at) => {
        const c = cursor!.charAt(at) === 'A' ? 'B' : 'A';
        return paged('listPendingSubmissions', `${cursor!.slice(0, at)}${c}${cursor!.slice(at + 1)}`);
      }),
    ];
    for (const res of await Promise.all(refused)) expectError(res, 400, 'INVALID_CURSOR');
  });

  it('refuses an alerts cursor of one status or grid reused with another (it used to be a 500)', async () => {
    const open = await api('GET', `/v1/alerts?scope=${G2}&status=open&limit=1`, { token: tokens.gw });
    const cursor = (open.body as { nextCursor: string | null }).nextCursor;
    expect(cursor).toEqual(expect.any(String));
    for (const [other, token] of [
      [`scope=${G2}&status=acknowledged`, tokens.gw],
      [`scope=${G2}&status=resolved`, tokens.gw],
      [`scope=${G}&status=open`, tokens.gw],
      // The whole street (the admin's view): the same partition, another filter.
      [`scope=${STREET}&status=open`, tokens.admin],
    ] as const) {
      expectError(
        await api('GET', `/v1/alerts?${other}&limit=1&cursor=${cursor}`, { token }),
        400,
        'INVALID_CURSOR',
      );
    }
  });
});

describe('pages while items remain', () => {
  it('never answers an empty page with a cursor: one grid’s alerts inside a busy street', async () => {
    for (const limit of [1, 2, 3]) {
      const pages: Array<{ items: Array<{ gridCode: string }>; nextCursor: string | null }> = [];
      let cursor: string | null = null;
      do {
        const res: ApiResponse = await api(
          'GET',
          `/v1/alerts?scope=${G}&status=open&limit=${limit}${cursor ? `&cursor=${cursor}` : ''}`,
          { token: tokens.gw },
        );
        expect(res.status).toBe(200);
        const page = res.body as (typeof pages)[number];
        pages.push(page);
        cursor = page.nextCursor;
      } while (cursor && pages.length < 20);
      const items = pages.flatMap((p) => p.items);
      expect(items.map((a) => a.gridCode)).toEqual([G]);
      // Every page but the last holds something.
      expect(
        pages.slice(0, -1).every((p) => p.items.length > 0),
        JSON.stringify(pages),
      ).toBe(true);
      expect(pages[0]!.items).toHaveLength(1);
    }
  });

  it('pages a street’s alerts of both grids without losing or repeating one', async () => {
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const res: ApiResponse = await api(
        'GET',
        `/v1/alerts?scope=${STREET}&status=open&limit=4${cursor ? `&cursor=${cursor}` : ''}`,
        { token: tokens.admin },
      );
      const page = res.body as { items: Array<{ alertId: string }>; nextCursor: string | null };
      seen.push(...page.items.map((a) => a.alertId));
      cursor = page.nextCursor;
    } while (cursor);
    expect(seen).toHaveLength(6);
    expect(new Set(seen).size).toBe(6);
  });
});
