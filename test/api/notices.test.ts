/**
 * Notices down the hierarchy over HTTP: a street centre publishes, every gridworker under the
 * scope (and nobody else) gets it, acknowledges it once, and centres at or above the scope see who
 * has not, per child region. Everything lives under 六合街道 (370503002, 河口区), which no other file uses.
 */
import {
  gridSchema,
  inboxEntrySchema,
  inboxPageSchema,
  noticeAcksSchema,
  noticeSchema,
  staffSchema,
} from '@grid/shared';
import { beforeAll, describe, expect, it } from 'vitest';
import { api, newKey } from './support/client';
import {
  demo,
  expectBody,
  expectError,
  newGridworker,
  newStaff,
  type StaffSession,
  unknownId,
} from './support/fixtures';

const STREET = '370503002';
const V1 = '370503002005';
const V2 = '370503002006';
const V3 = '370503002008';

let centre: StaffSession;
let gwA: StaffSession; // V1 grid 1
let gwB: StaffSession; // V2
let gwC: StaffSession; // V1 grid 2 and V2: counts in both children
let gwD: StaffSession; // V3, then assigned to V1 grid 1 by the centre
let volunteer: StaffSession;

async function grid(villageCode: string): Promise<string> {
  const admin = await demo('demo-admin');
  const res = await api('POST', '/v1/grids', {
    token: admin.token,
    body: { villageCode, kind: 'basic', name: '通知测试网格' },
  });
  return expectBody(res, 201, gridSchema).gridCode;
}

function publish(token: string, body: Record<string, unknown>, key: string | null = newKey()) {
  return api('POST', '/v1/notices', {
    token,
    ...(key === null ? {} : { headers: { 'idempotency-key': key } }),
    body: {
      title: '关于加强返乡人员排查的通知',
      body: '请于今日 18 时前完成辖区返乡人员排查并上报。',
      ackRequired: true,
      ...body,
    },
  });
}

async function inboxOf(session: { token: string }) {
  return expectBody(await api('GET', '/v1/notices/inbox', { token: session.token }), 200, inboxPageSchema)
    .items;
}

beforeAll(async () => {
  const [g1a, g1b, g2, g3] = await Promise.all([grid(V1), grid(V1), grid(V2), grid(V3)]);
  [centre, gwA, gwB, gwC, gwD, volunteer] = await Promise.all([
    newStaff({ role: 'centre', regionCode: STREET }),
    newGridworker(g1a),
    newGridworker(g2),
    newGridworker(g1b, g2),
    newGridworker(g3),
    newStaff({ role: 'volunteer', grids: [g1a] }),
  ]);
  const assigned = await api('POST', `/v1/grids/${g1a}/staff`, {
    token: centre.token,
    body: { userId: gwD.user.userId },
  });
  expect(expectBody(assigned, 200, staffSchema).scopes).toEqual([g3, g1a]);
});

describe('publishing and the inbox', () => {
  it('publishes once per Idempotency-Key: a retry answers the same notice, another body is 422', async () => {
    expectError(await publish(centre.token, { scope: V3 }, null), 400, 'IDEMPOTENCY_KEY_REQUIRED');
    const key = newKey();
    const body = { scope: V3, title: '重试只发布一次' };
    const first = expectBody(await publish(centre.token, body, key), 201, noticeSchema);
    const retries = await Promise.all([1, 2, 3].map(() => publish(centre.token, body, key)));
    for (const retry of retries) expect(expectBody(retry, 200, noticeSchema)).toEqual(first);
    expectError(
      await publish(centre.token, { ...body, title: '另一份' }, key),
      422,
      'IDEMPOTENCY_KEY_REUSED',
    );
    // gwD works V3: one copy in its inbox.
    expect((await inboxOf(gwD)).filter((i) => i.title === '重试只发布一次')).toHaveLength(1);
    // The key is the publisher's own: another centre's same key publishes its own notice.
    const admin = await demo('demo-admin');
    const other = expectBody(await publish(admin.token, body, key), 201, noticeSchema);
    expect(other.noticeId).not.toBe(first.noticeId);
  });

  it('reaches every gridworker under the scope once, newest first, and no volunteer', async () => {
    const deadline = new Date(Date.now() + 6 * 3600_000).toISOString();
    const first = expectBody(await publish(centre.token, { scope: STREET, deadline }), 201, noticeSchema);
    expect(first).toMatchObject({
      scope: STREET,
      recipients: 4,
      ackRequired: true,
      deadline,
      publisherName: '测试中心',
    });
    const second = expectBody(
      await publish(centre.token, { scope: STREET, title: '第二份通知', ackRequired: false }),
      201,
      noticeSchema,
    );

    for (const gw of [gwA, gwB, gwC, gwD]) {
      const items = await inboxOf(gw);
      expect(items.map((i) => i.noticeId).slice(0, 2)).toEqual([second.noticeId, first.noticeId]);
      expect(items[1]).toEqual({
        noticeId: first.noticeId,
        title: first.title,
        body: first.body,
        deadline,
        ackRequired: true,
        publisherName: '测试中心',
        createdAt: first.createdAt,
        acknowledgedAt: null,
      });
    }
    expectError(await api('GET', '/v1/notices/inbox', { token: volunteer.token }), 403, 'FORBIDDEN_ROLE');
    const elsewhere = await demo('demo-gw1');
    expect((await inboxOf(elsewhere)).map((i) => i.noticeId)).not.toContain(first.noticeId);
  });

  it('to a community reaches only its gridworkers', async () => {
    const notice = expectBody(
      await publish(centre.token, { scope: V2, title: '社区通知' }),
      201,
      noticeSchema,
    );
    expect(notice.recipients).toBe(2);
    expect((await inboxOf(gwB))[0]?.noticeId).toBe(notice.noticeId);
    expect((await inboxOf(gwC))[0]?.noticeId).toBe(notice.noticeId);
    expect((await inboxOf(gwA)).map((i) => i.noticeId)).not.toContain(notice.noticeId);
  });

  it('pages the inbox with a cursor', async () => {
    for (let i = 0; i < 3; i++) await publish(centre.token, { scope: V3, title: `分页通知 ${i}` });
    const page1 = expectBody(
      await api('GET', '/v1/notices/inbox?limit=2', { token: gwD.token }),
      200,
      inboxPageSchema,
    );
    expect(page1.items.map((i) => i.title)).toEqual(['分页通知 2', '分页通知 1']);
    expect(page1.nextCursor).not.toBeNull();
    const page2 = await api('GET', `/v1/notices/inbox?limit=2&cursor=${page1.nextCursor}`, {
      token: gwD.token,
    });
    expect(expectBody(page2, 200, inboxPageSchema).items[0]?.title).toBe('分页通知 0');
    expectError(
      await api('GET', `/v1/notices/inbox?cursor=${page1.nextCursor}`, { token: gwA.token }),
      400,
      'INVALID_CURSOR',
    );
  });
});

describe('acknowledgements', () => {
  it('are recorded once and shown per child region, with who has not', async () => {
    const notice = expectBody(
      await publish(centre.token, { scope: STREET, title: '请确认收到' }),
      201,
      noticeSchema,
    );
    const ack = await api('POST', `/v1/notices/${notice.noticeId}/ack`, { token: gwA.token });
    const first = expectBody(ack, 200, inboxEntrySchema);
    expect(first.acknowledgedAt).not.toBeNull();
    const again = expectBody(
      await api('POST', `/v1/notices/${notice.noticeId}/ack`, { token: gwA.token }),
      200,
      inboxEntrySchema,
    );
    expect(again.acknowledgedAt).toBe(first.acknowledgedAt);
    expect((await inboxOf(gwA)).find((i) => i.noticeId === notice.noticeId)?.acknowledgedAt).toBe(
      first.acknowledgedAt,
    );
    expectBody(
      await api('POST', `/v1/notices/${notice.noticeId}/ack`, { token: gwB.token }),
      200,
      inboxEntrySchema,
    );

    const acks = expectBody(
      await api('GET', `/v1/notices/${notice.noticeId}/acks`, { token: centre.token }),
      200,
      noticeAcksSchema,
    );
    expect(acks.totals).toEqual({ recipients: 4, acknowledged: 2 });
    const child = (code: string) => acks.byChild.find((c) => c.code === code);
    expect(child(V1)).toEqual({ code: V1, name: '河安社区居民委员会', recipients: 3, acknowledged: 1 });
    expect(child(V2)).toMatchObject({ recipients: 2, acknowledged: 1 });
    expect(child(V3)).toMatchObject({ recipients: 1, acknowledged: 0 });
    expect(acks.byChild.every((c) => c.code.startsWith(STREET))).toBe(true);
    expect(acks.pending.map((p) => p.userId).sort()).toEqual([gwC.user.userId, gwD.user.userId].sort());
    expect(acks.pending.find((p) => p.userId === gwC.user.userId)?.gridCodes).toHaveLength(2);
  });

  it('are seen by the publisher and centres above it, not beside it', async () => {
    const notice = expectBody(await publish(centre.token, { scope: STREET }), 201, noticeSchema);
    const [district, sibling] = await Promise.all([
      newStaff({ role: 'centre', regionCode: '370503' }),
      newStaff({ role: 'centre', regionCode: '370503001' }),
    ]);
    const admin = await demo('demo-admin');
    for (const session of [district, admin]) {
      const res = await api('GET', `/v1/notices/${notice.noticeId}/acks`, { token: session.token });
      expect(expectBody(res, 200, noticeAcksSchema).totals.recipients).toBe(4);
    }
    expectError(
      await api('GET', `/v1/notices/${notice.noticeId}/acks`, { token: sibling.token }),
      403,
      'FORBIDDEN_SCOPE',
    );
    expectError(
      await api('GET', `/v1/notices/${unknownId()}/acks`, { token: centre.token }),
      403,
      'FORBIDDEN_SCOPE',
    );
    expectError(
      await api('GET', `/v1/notices/${notice.noticeId}/acks`, { token: gwA.token }),
      403,
      'FORBIDDEN_ROLE',
    );
  });

  it('only by a recipient', async () => {
    const notice = expectBody(await publish(centre.token, { scope: V2 }), 201, noticeSchema);
    expectError(
      await api('POST', `/v1/notices/${notice.noticeId}/ack`, { token: gwA.token }),
      403,
      'FORBIDDEN_SCOPE',
    );
    expectError(
      await api('POST', `/v1/notices/${unknownId()}/ack`, { token: gwA.token }),
      403,
      'FORBIDDEN_SCOPE',
    );
    expectError(
      await api('POST', '/v1/notices/not-an-id/ack', { token: gwA.token }),
      400,
      'VALIDATION_FAILED',
    );
  });
});

describe('bad input', () => {
  it('refuses scopes outside the publisher’s, unknown and malformed regions, and non-centres', async () => {
    expectError(await publish(centre.token, { scope: '370503001' }), 403, 'FORBIDDEN_SCOPE');
    expectError(await publish(centre.token, { scope: '370503' }), 403, 'FORBIDDEN_SCOPE');
    expectError(await publish(centre.token, { scope: `${STREET}999` }), 400, 'REGION_UNKNOWN');
    expectError(await publish(centre.token, { scope: '3705030' }), 400, 'REGION_CODE_INVALID');
    expectError(await publish(centre.token, { scope: STREET, title: '' }), 400, 'VALIDATION_FAILED');
    expectError(await publish(centre.token, { scope: STREET, deadline: '明天' }), 400, 'VALIDATION_FAILED');
    expectError(await publish(gwA.token, { scope: STREET }), 403, 'FORBIDDEN_ROLE');
    expectError(await api('GET', '/v1/notices/inbox', { token: centre.token }), 403, 'FORBIDDEN_ROLE');
  });
});
