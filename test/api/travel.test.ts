/**
 * The risk-area list is global: this is the only file that changes it, one test after another.
 */
import {
  addDays,
  localDate,
  type PendingItem,
  pendingPageSchema,
  riskAreasSchema,
  travelDeclarationSchema,
} from '@grid/shared';
import { beforeAll, describe, expect, it } from 'vitest';
import { api, newKey } from './support/client';
import {
  demo,
  expectBody,
  expectError,
  GRIDS,
  issuesOf,
  memberOf,
  newGridworker,
  newHousehold,
  newResident,
  postHealthReport,
  type StaffSession,
  type TestHousehold,
} from './support/fixtures';

const putRiskAreas = (token: string, body: unknown) => api('PUT', '/v1/risk-areas', { token, body });
const declare = (token: string, personId: string, body: Record<string, unknown>, key: string = newKey()) =>
  api('POST', `/v1/persons/${personId}/travel-declarations`, {
    token,
    body,
    headers: { 'idempotency-key': key },
  });

const today = () => localDate(new Date());
function journey(originCode: string, overrides: Record<string, unknown> = {}) {
  return {
    originCode,
    departedOn: addDays(today(), -3),
    arrivedOn: addDays(today(), -2),
    transport: { kind: 'train', number: 'G1234' },
    companions: ['同行人甲'],
    ...overrides,
  };
}

let h: TestHousehold;
let gridworker: StaffSession;
beforeAll(async () => {
  [h, gridworker] = await Promise.all([newHousehold(GRIDS.travel), newGridworker(GRIDS.travel)]);
});

describe('risk areas', () => {
  it('lets the admin replace the list; everyone signed in may read it', async () => {
    const admin = await demo('demo-admin');
    const before = Date.now();
    const put = expectBody(
      await putRiskAreas(admin.token, { codes: ['4201', '110105', '4201'], note: '武汉市、朝阳区' }),
      200,
      riskAreasSchema,
    );
    expect(put).toMatchObject({
      codes: ['110105', '4201'],
      note: '武汉市、朝阳区',
      updatedBy: admin.user.userId,
    });
    expect(Date.parse(put.updatedAt!)).toBeGreaterThanOrEqual(before - 1000);

    const resident = await newResident();
    expect(
      expectBody(await api('GET', '/v1/risk-areas', { token: resident.token }), 200, riskAreasSchema),
    ).toEqual(put);
    expect(
      expectBody(await api('GET', '/v1/risk-areas', { token: gridworker.token }), 200, riskAreasSchema),
    ).toEqual(put);
  });

  it('answers 403 FORBIDDEN_ROLE when anyone but the admin replaces it', async () => {
    const street = await demo('demo-street');
    for (const token of [h.owner.token, gridworker.token, street.token]) {
      expectError(await putRiskAreas(token, { codes: [] }), 403, 'FORBIDDEN_ROLE');
    }
  });

  it('refuses codes finer than a county and malformed codes', async () => {
    const admin = await demo('demo-admin');
    const tooFine = expectError(
      await putRiskAreas(admin.token, { codes: ['420102001'] }),
      400,
      'VALIDATION_FAILED',
    );
    expect(issuesOf(tooFine)[0]).toMatchObject({ path: 'body.codes.0', message: 'RISK_AREA_TOO_FINE' });
    expectError(await putRiskAreas(admin.token, { codes: ['42a1'] }), 400, 'REGION_CODE_INVALID');
    expectError(await putRiskAreas(admin.token, { codes: '4201' }), 400, 'VALIDATION_FAILED');
  });
});

describe('POST /v1/persons/{personId}/travel-declarations', () => {
  it('flags a journey from inside a risk area, and not one from elsewhere', async () => {
    const admin = await demo('demo-admin');
    expectBody(await putRiskAreas(admin.token, { codes: ['4201'] }), 200, riskAreasSchema);
    const self = memberOf(h, 'self').person;
    const key = newKey();
    const before = Date.now();
    const flagged = expectBody(
      await declare(h.owner.token, self.personId, journey('420102'), key),
      201,
      travelDeclarationSchema,
    );
    expect(flagged).toEqual({
      submissionId: `T.${self.personId}.${key}`,
      personId: self.personId,
      gridCode: GRIDS.travel,
      originCode: '420102',
      departedOn: addDays(today(), -3),
      arrivedOn: addDays(today(), -2),
      transport: { kind: 'train', number: 'G1234' },
      companions: ['同行人甲'],
      note: null,
      riskFlagged: true,
      createdAt: flagged.createdAt,
      reporter: { userId: h.owner.user.userId, kind: 'self' },
      verification: { status: 'pending' },
    });
    expect(Date.parse(flagged.createdAt)).toBeGreaterThanOrEqual(before - 1000);

    const local = expectBody(
      await declare(h.owner.token, self.personId, journey('370502')),
      201,
      travelDeclarationSchema,
    );
    expect(local.riskFlagged).toBe(false);
    // A county beside the risk city is not in it.
    const beside = expectBody(
      await declare(h.owner.token, self.personId, journey('420202')),
      201,
      travelDeclarationSchema,
    );
    expect(beside.riskFlagged).toBe(false);
  });

  it('flags by the list at the time of declaring', async () => {
    const admin = await demo('demo-admin');
    const spouse = memberOf(h, 'spouse').person;
    expectBody(await putRiskAreas(admin.token, { codes: ['37'] }), 200, riskAreasSchema);
    const key = newKey();
    const body = journey('370502', { transport: { kind: 'car', number: '鲁E12345' }, companions: [] });
    const flagged = expectBody(
      await declare(h.owner.token, spouse.personId, body, key),
      201,
      travelDeclarationSchema,
    );
    expect(flagged.riskFlagged).toBe(true);
    expect(flagged.reporter.kind).toBe('proxy');

    expectBody(await putRiskAreas(admin.token, { codes: [] }), 200, riskAreasSchema);
    expect(
      expectBody(await declare(h.owner.token, spouse.personId, body), 201, travelDeclarationSchema)
        .riskFlagged,
    ).toBe(false);
    // The retry of the first declaration answers it as it was stored.
    expect(
      expectBody(await declare(h.owner.token, spouse.personId, body, key), 200, travelDeclarationSchema),
    ).toEqual(flagged);
  });

  it('answers 422 IDEMPOTENCY_KEY_REUSED for the same key with another journey', async () => {
    const self = memberOf(h, 'self').person;
    const key = newKey();
    expectBody(
      await declare(h.owner.token, self.personId, journey('110105'), key),
      201,
      travelDeclarationSchema,
    );
    expectError(
      await declare(h.owner.token, self.personId, journey('110106'), key),
      422,
      'IDEMPOTENCY_KEY_REUSED',
    );
  });

  it('lets the grid’s gridworker declare for a resident', async () => {
    const parent = memberOf(h, 'parent').person;
    const declared = expectBody(
      await declare(
        gridworker.token,
        parent.personId,
        journey('370523', { transport: { kind: 'bus' }, note: '走亲戚' }),
      ),
      201,
      travelDeclarationSchema,
    );
    expect(declared).toMatchObject({
      reporter: { userId: gridworker.user.userId, kind: 'staff' },
      note: '走亲戚',
    });
    expect(declared.transport).toEqual({ kind: 'bus' });
  });

  it('accepts a journey that departed and arrived today', async () => {
    const self = memberOf(h, 'self').person;
    const sameDay = journey('370502', { departedOn: today(), arrivedOn: today() });
    expectBody(await declare(h.owner.token, self.personId, sameDay), 201, travelDeclarationSchema);
  });

  it('answers 400 ARRIVAL_BEFORE_DEPARTURE and 400 DATE_IN_FUTURE', async () => {
    const self = memberOf(h, 'self').person;
    const backwards = journey('370502', {
      departedOn: addDays(today(), -1),
      arrivedOn: addDays(today(), -2),
    });
    expectError(await declare(h.owner.token, self.personId, backwards), 400, 'ARRIVAL_BEFORE_DEPARTURE');
    const tomorrow = addDays(today(), 1);
    expectError(
      await declare(h.owner.token, self.personId, journey('370502', { arrivedOn: tomorrow })),
      400,
      'DATE_IN_FUTURE',
    );
    expectError(
      await declare(
        h.owner.token,
        self.personId,
        journey('370502', { departedOn: tomorrow, arrivedOn: tomorrow }),
      ),
      400,
      'DATE_IN_FUTURE',
    );
  });

  it('answers 400 for an origin that is not a county, a bad date or an unknown transport', async () => {
    const self = memberOf(h, 'self').person;
    const notCounty = expectError(
      await declare(h.owner.token, self.personId, journey('4201')),
      400,
      'VALIDATION_FAILED',
    );
    expect(issuesOf(notCounty)[0]?.message).toBe('ORIGIN_MUST_BE_COUNTY');
    expectError(
      await declare(h.owner.token, self.personId, journey('370502', { departedOn: '2024-13-01' })),
      400,
      'DATE_INVALID',
    );
    expectError(
      await declare(h.owner.token, self.personId, journey('370502', { transport: { kind: 'rocket' } })),
      400,
      'VALIDATION_FAILED',
    );
    expectError(
      await api('POST', `/v1/persons/${self.personId}/travel-declarations`, {
        token: h.owner.token,
        body: journey('370502'),
      }),
      400,
      'IDEMPOTENCY_KEY_REQUIRED',
    );
  });

  it('shows declarations in the grid’s pending travel list, risk flag included', async () => {
    const admin = await demo('demo-admin');
    expectBody(await putRiskAreas(admin.token, { codes: ['4201'] }), 200, riskAreasSchema);
    const self = memberOf(h, 'self').person;
    const declared = expectBody(
      await declare(h.owner.token, self.personId, journey('420111')),
      201,
      travelDeclarationSchema,
    );

    const items = [];
    let cursor: string | null = null;
    do {
      const query: string = cursor ? `&cursor=${cursor}` : '';
      const page = expectBody(
        await api('GET', `/v1/grids/${GRIDS.travel}/pending?type=travel&limit=50${query}`, {
          token: gridworker.token,
        }),
        200,
        pendingPageSchema,
      );
      items.push(...page.items);
      cursor = page.nextCursor;
    } while (cursor);
    expect(items.find((i) => i.submissionId === declared.submissionId)).toEqual({
      type: 'travel',
      submissionId: declared.submissionId,
      personId: self.personId,
      personName: self.name,
      idNumberMasked: self.idNumberMasked,
      phoneMasked: self.phoneMasked,
      submittedAt: declared.createdAt,
      originCode: '420111',
      departedOn: declared.departedOn,
      arrivedOn: declared.arrivedOn,
      riskFlagged: true,
    });
    expect(items.every((i) => i.type === 'travel')).toBe(true);
  });
});

describe('the pending list across types', () => {
  const rank = (i: PendingItem) => (i.type === 'health' ? (i.fever ? 0 : 2) : i.riskFlagged ? 1 : 2);

  async function pages(query: string, limit: number): Promise<PendingItem[][]> {
    const out: PendingItem[][] = [];
    let cursor: string | null = null;
    do {
      const after: string = cursor ? `&cursor=${cursor}` : '';
      const page = expectBody(
        await api('GET', `/v1/grids/${GRIDS.travel}/pending?limit=${limit}${query}${after}`, {
          token: gridworker.token,
        }),
        200,
        pendingPageSchema,
      );
      expect(page.items.length).toBeLessThanOrEqual(limit);
      out.push(page.items);
      cursor = page.nextCursor;
    } while (cursor);
    return out;
  }

  it('without a type is one list, urgent first: fever, then risk-area travel, then the oldest', async () => {
    const admin = await demo('demo-admin');
    expectBody(await putRiskAreas(admin.token, { codes: ['4201'] }), 200, riskAreasSchema);
    const fresh = await newHousehold(GRIDS.travel);
    const [self, spouse, parent] = fresh.members.map((m) => m.person);
    // Submitted in this order: an ordinary check-in, ordinary travel, risk-area travel, a fever.
    const ordinary = await postHealthReport(fresh.owner.token, self!.personId, { temperature: 36.5 });
    const trip = await declare(fresh.owner.token, spouse!.personId, journey('370502'));
    const risky = await declare(fresh.owner.token, parent!.personId, journey('420111'));
    const fever = await postHealthReport(fresh.owner.token, spouse!.personId, { temperature: 38.6 });
    const ids = [fever, risky, ordinary, trip].map((r) => {
      expect(r.status, JSON.stringify(r.body)).toBe(201);
      return String((r.body as { submissionId: string }).submissionId);
    });

    const all = (await pages('', 2)).flat();
    // Ranks never go down; within a rank the older comes first.
    for (let i = 1; i < all.length; i++) {
      const [a, b] = [all[i - 1]!, all[i]!];
      expect(rank(a) < rank(b) || (rank(a) === rank(b) && a.submittedAt <= b.submittedAt)).toBe(true);
    }
    expect(all.map((i) => i.submissionId).filter((id) => ids.includes(id))).toEqual(ids);
    expect(new Set(all.map((i) => i.submissionId)).size).toBe(all.length);

    // One type only: the same order, that type alone, paged to the end.
    const travel = (await pages('&type=travel', 1)).flat();
    expect(travel.every((i) => i.type === 'travel')).toBe(true);
    expect(travel.map((i) => i.submissionId).filter((id) => ids.includes(id))).toEqual([ids[1], ids[3]]);
  });

  it('takes a cursor only for the list it came from', async () => {
    const [first] = await pages('', 1);
    expect(first).toHaveLength(1);
    const page = expectBody(
      await api('GET', `/v1/grids/${GRIDS.travel}/pending?limit=1`, { token: gridworker.token }),
      200,
      pendingPageSchema,
    );
    expect(page.nextCursor).not.toBeNull();
    expectError(
      await api('GET', `/v1/grids/${GRIDS.travel}/pending?type=travel&cursor=${page.nextCursor}`, {
        token: gridworker.token,
      }),
      400,
      'INVALID_CURSOR',
    );
  });
});
