/**
 * A gridworker's work queue. GRIDS.submissions is written only by this file, and its tests run
 * one after another, so the pending list and counters of that grid change only by what they do.
 */
import {
  addDays,
  gridSummarySchema,
  type HealthReport,
  healthReportListSchema,
  healthReportSchema,
  localDate,
  type PendingItem,
  pendingPageSchema,
  personContactSchema,
  type SubmissionType,
  travelDeclarationSchema,
  verifyResponseSchema,
} from '@grid/shared';
import { beforeAll, describe, expect, it } from 'vitest';
import { api, drainStreams, newKey, runSchedule } from './support/client';
import {
  demo,
  expectBody,
  expectError,
  GRIDS,
  issuesOf,
  memberOf,
  newGridworker,
  newHousehold,
  newStaff,
  postHealthReport,
  type Session,
  type StaffSession,
  type TestHousehold,
  UNKNOWN_GRID,
} from './support/fixtures';

const GRID = GRIDS.submissions;

const pendingPage = (token: string, grid: string, query: string) =>
  api('GET', `/v1/grids/${grid}/pending?${query}`, { token });
const verify = (token: string, submissionId: string, body: Record<string, unknown>) =>
  api('POST', `/v1/submissions/${submissionId}/verify`, { token, body });
const summary = (token: string, grid: string = GRID) => api('GET', `/v1/grids/${grid}/summary`, { token });
const CONFIRM_BY_PHONE = { decision: 'confirmed', method: 'phone' } as const;

async function allPending(
  token: string,
  type: SubmissionType = 'health',
  limit = 50,
): Promise<PendingItem[]> {
  const items: PendingItem[] = [];
  let cursor: string | null = null;
  do {
    const query: string = `type=${type}&limit=${limit}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`;
    const page = expectBody(await pendingPage(token, GRID, query), 200, pendingPageSchema);
    expect(page.items.length).toBeLessThanOrEqual(limit);
    items.push(...page.items);
    cursor = page.nextCursor;
  } while (cursor);
  return items;
}

let gridworker: StaffSession;
let otherGridworker: StaffSession;
let street: Session;
let admin: Session;
let h: TestHousehold;

/** A fresh pending health report in the grid. */
async function newReport(temperature = 36.5) {
  const { owner, members } = await newHousehold(GRID);
  const res = await postHealthReport(owner.token, members[0]!.person.personId, { temperature });
  return expectBody(res, 201, healthReportSchema);
}

beforeAll(async () => {
  [gridworker, otherGridworker, street, admin, h] = await Promise.all([
    newGridworker(GRID),
    newGridworker(GRIDS.submissionsOther),
    demo('demo-street'),
    demo('demo-admin'),
    newHousehold(GRID),
  ]);
});

describe('GET /v1/grids/{gridCode}/pending', () => {
  it('lists the grid’s new health reports fever first, then oldest, with personal data masked', async () => {
    const reports: HealthReport[] = [];
    for (const [i, m] of h.members.entries()) {
      const res = await postHealthReport(h.owner.token, m.person.personId, {
        temperature: 37 + i * 0.5,
        symptoms: ['cough'],
      });
      reports.push(expectBody(res, 201, healthReportSchema));
    }
    const items = await allPending(gridworker.token);
    const order = items.map((i) => `${i.type === 'health' && i.fever ? 0 : 2}#${i.submittedAt}`);
    expect(order).toEqual([...order].sort());

    const ours = items.filter((i) => reports.some((r) => r.submissionId === i.submissionId));
    // The two fevers (37.5 and 38.0) come before the older normal reading.
    expect(ours).toEqual(
      [1, 2, 0]
        .map((i) => [reports[i]!, i] as const)
        .map(([r, i]) => ({
          type: 'health',
          submissionId: r.submissionId,
          personId: r.personId,
          personName: h.members[i]!.person.name,
          idNumberMasked: h.members[i]!.person.idNumberMasked,
          phoneMasked: h.members[i]!.person.phoneMasked,
          submittedAt: r.reportedAt,
          date: r.date,
          slot: r.slot,
          temperature: r.temperature,
          fever: r.fever,
          symptoms: ['cough'],
        })),
    );
    expect(ours.map((i) => i.type === 'health' && i.fever)).toEqual([true, true, false]);

    const json = JSON.stringify(await pendingPage(gridworker.token, GRID, 'type=health&limit=50'));
    for (const { input } of h.members) {
      expect(json).not.toContain(input.idNumber);
      if (input.phone) expect(json).not.toContain(input.phone);
    }
  });

  it('pages with limit and an opaque cursor through the same list', async () => {
    await newReport();
    await newReport();
    const all = await allPending(gridworker.token, 'health', 50);
    expect(all.length).toBeGreaterThanOrEqual(3);
    const onePerPage = await allPending(gridworker.token, 'health', 1);
    expect(onePerPage.map((i) => i.submissionId)).toEqual(all.map((i) => i.submissionId));

    const first = expectBody(
      await pendingPage(gridworker.token, GRID, 'type=health&limit=1'),
      200,
      pendingPageSchema,
    );
    expect(first.items).toHaveLength(1);
    expect(first.nextCursor).toEqual(expect.any(String));
  });

  it('answers 400 INVALID_CURSOR for another grid’s cursor or a made-up one', async () => {
    await newReport();
    const page = expectBody(
      await pendingPage(admin.token, GRID, 'type=health&limit=1'),
      200,
      pendingPageSchema,
    );
    const cursor = encodeURIComponent(page.nextCursor!);
    expectError(
      await pendingPage(admin.token, GRIDS.submissionsOther, `type=health&limit=1&cursor=${cursor}`),
      400,
      'INVALID_CURSOR',
    );
    // Nor is a health cursor good for the travel list of the same grid.
    expectError(await pendingPage(admin.token, GRID, `type=travel&cursor=${cursor}`), 400, 'INVALID_CURSOR');
    expectError(
      await pendingPage(admin.token, GRID, 'type=health&cursor=not-a-cursor'),
      400,
      'INVALID_CURSOR',
    );
    const forged = Buffer.from(JSON.stringify({ gsi1pk: `PENDING#${GRID}`, pk: 1 })).toString('base64url');
    expectError(await pendingPage(admin.token, GRID, `type=health&cursor=${forged}`), 400, 'INVALID_CURSOR');
  });

  it('is open to the street centre and the admin, not to the gridworker of another grid', async () => {
    const report = await newReport();
    for (const token of [street.token, admin.token]) {
      const items = expectBody(
        await pendingPage(token, GRID, 'type=health&limit=50'),
        200,
        pendingPageSchema,
      ).items;
      expect(items.length).toBeGreaterThan(0);
    }
    expect((await allPending(street.token)).map((i) => i.submissionId)).toContain(report.submissionId);
    expectError(await pendingPage(otherGridworker.token, GRID, 'type=health'), 403, 'FORBIDDEN_SCOPE');
    expectError(await pendingPage(h.owner.token, GRID, 'type=health'), 403, 'FORBIDDEN_ROLE');
  });

  it('validates the query', async () => {
    // No type is the list of both types (see travel.test.ts); an unknown type is refused.
    expectError(await pendingPage(gridworker.token, GRID, 'type=quarantine'), 400, 'VALIDATION_FAILED');
    expectError(await pendingPage(gridworker.token, GRID, 'type=health&limit=0'), 400, 'VALIDATION_FAILED');
    expectError(await pendingPage(gridworker.token, GRID, 'type=health&limit=51'), 400, 'VALIDATION_FAILED');
    const unknown = expectError(
      await pendingPage(gridworker.token, GRID, 'type=health&grid=1'),
      400,
      'VALIDATION_FAILED',
    );
    expect(issuesOf(unknown)[0]?.keys).toEqual(['grid']);
  });
});

describe('GET /v1/persons/{personId}/contact', () => {
  it('gives the full phone to staff in scope, for a one-tap call', async () => {
    const self = memberOf(h, 'self');
    const parent = memberOf(h, 'parent');
    for (const token of [gridworker.token, street.token, admin.token]) {
      const contact = expectBody(
        await api('GET', `/v1/persons/${self.person.personId}/contact`, { token }),
        200,
        personContactSchema,
      );
      expect(contact).toEqual({
        personId: self.person.personId,
        name: self.input.name,
        phone: self.input.phone,
        household: [],
      });
    }
    const none = expectBody(
      await api('GET', `/v1/persons/${parent.person.personId}/contact`, { token: gridworker.token }),
      200,
      personContactSchema,
    );
    expect(none.phone).toBeNull();
    // No phone of their own (the elderly parent): the household's members who have one, to call instead.
    const spouse = memberOf(h, 'spouse');
    expect(none.household).toEqual([
      { personId: self.person.personId, name: self.input.name, relation: 'self', phone: self.input.phone },
      {
        personId: spouse.person.personId,
        name: spouse.input.name,
        relation: 'spouse',
        phone: spouse.input.phone,
      },
    ]);
  });

  it('answers 403 to a gridworker of another grid and to residents', async () => {
    const path = `/v1/persons/${memberOf(h, 'self').person.personId}/contact`;
    expectError(await api('GET', path, { token: otherGridworker.token }), 403, 'FORBIDDEN_SCOPE');
    expectError(await api('GET', path, { token: h.owner.token }), 403, 'FORBIDDEN_ROLE');
  });
});

describe('POST /v1/submissions/{submissionId}/verify', () => {
  it('confirms a report; it leaves the pending list and cannot be verified again', async () => {
    const report = await newReport();
    const before = Date.now();
    const res = await verify(gridworker.token, report.submissionId, CONFIRM_BY_PHONE);
    const verified = expectBody(res, 200, verifyResponseSchema);
    expect(verified).toEqual({
      submissionId: report.submissionId,
      type: 'health',
      verification: {
        status: 'confirmed',
        method: 'phone',
        verifiedBy: gridworker.user.userId,
        verifiedAt: expect.any(String),
      },
    });
    expect(Date.parse(verified.verification.verifiedAt!)).toBeGreaterThanOrEqual(before - 1000);

    expect((await allPending(gridworker.token)).map((i) => i.submissionId)).not.toContain(
      report.submissionId,
    );
    const today = localDate(new Date());
    const list = expectBody(
      await api(
        'GET',
        `/v1/persons/${report.personId}/health-reports?from=${addDays(today, -1)}&to=${today}`,
        {
          token: gridworker.token,
        },
      ),
      200,
      healthReportListSchema,
    );
    expect(list.items).toEqual([{ ...report, verification: verified.verification }]);

    const twice = expectError(
      await verify(gridworker.token, report.submissionId, CONFIRM_BY_PHONE),
      409,
      'ALREADY_VERIFIED',
    );
    expect(twice.details).toEqual({ verification: verified.verification });
  });

  it('rejects only with a note', async () => {
    const report = await newReport(38.2);
    const noNote = expectError(
      await verify(gridworker.token, report.submissionId, { decision: 'rejected', method: 'visit' }),
      400,
      'VALIDATION_FAILED',
    );
    expect(issuesOf(noNote)[0]).toMatchObject({ path: 'body.note', message: 'REJECTION_NEEDS_NOTE' });
    expectError(
      await verify(gridworker.token, report.submissionId, {
        decision: 'rejected',
        method: 'visit',
        note: '   ',
      }),
      400,
      'VALIDATION_FAILED',
    );
    const rejected = expectBody(
      await verify(gridworker.token, report.submissionId, {
        decision: 'rejected',
        method: 'visit',
        note: '上门复测 36.8',
      }),
      200,
      verifyResponseSchema,
    );
    expect(rejected.verification).toMatchObject({
      status: 'rejected',
      method: 'visit',
      note: '上门复测 36.8',
    });
  });

  it('lets exactly one of five simultaneous verifications win', async () => {
    const report = await newReport();
    const answers = await Promise.all(
      [1, 2, 3, 4, 5].map((i) =>
        verify(i % 2 ? gridworker.token : street.token, report.submissionId, {
          decision: 'confirmed',
          method: 'wechat',
        }),
      ),
    );
    expect(answers.map((a) => a.status).sort()).toEqual([200, 409, 409, 409, 409]);
    for (const a of answers.filter((x) => x.status === 409)) expectError(a, 409, 'ALREADY_VERIFIED');
  });

  it('lets the street centre of the street verify', async () => {
    const report = await newReport();
    const verified = expectBody(
      await verify(street.token, report.submissionId, CONFIRM_BY_PHONE),
      200,
      verifyResponseSchema,
    );
    expect(verified.verification.verifiedBy).toBe(street.user.userId);
  });

  it('answers 403 FORBIDDEN_SCOPE out of scope, FORBIDDEN_ROLE to the admin and residents', async () => {
    const report = await newReport();
    const otherCentre = await newStaff({ role: 'centre', regionCode: '370502002' });
    expectError(
      await verify(otherGridworker.token, report.submissionId, CONFIRM_BY_PHONE),
      403,
      'FORBIDDEN_SCOPE',
    );
    expectError(
      await verify(otherCentre.token, report.submissionId, CONFIRM_BY_PHONE),
      403,
      'FORBIDDEN_SCOPE',
    );
    expectError(await verify(admin.token, report.submissionId, CONFIRM_BY_PHONE), 403, 'FORBIDDEN_ROLE');
    expectError(await verify(h.owner.token, report.submissionId, CONFIRM_BY_PHONE), 403, 'FORBIDDEN_ROLE');
    // Still pending.
    expect((await allPending(gridworker.token)).map((i) => i.submissionId)).toContain(report.submissionId);
  });

  it('answers 403 for an unknown id and 400 for a malformed one', async () => {
    const unknown = `H.${'0'.repeat(26)}.20240101.m`;
    expectError(await verify(gridworker.token, unknown, CONFIRM_BY_PHONE), 403, 'FORBIDDEN_SCOPE');
    expectError(
      await verify(gridworker.token, `T.${'0'.repeat(26)}.${newKey()}`, CONFIRM_BY_PHONE),
      403,
      'FORBIDDEN_SCOPE',
    );
    expectError(
      await verify(gridworker.token, 'H.123.20240101.m', CONFIRM_BY_PHONE),
      400,
      'VALIDATION_FAILED',
    );
    const report = await newReport();
    expectError(
      await verify(gridworker.token, report.submissionId, { decision: 'maybe', method: 'phone' }),
      400,
      'VALIDATION_FAILED',
    );
  });

  it('verifies travel declarations from the travel list', async () => {
    const spouse = memberOf(h, 'spouse').person;
    const today = localDate(new Date());
    const res = await api('POST', `/v1/persons/${spouse.personId}/travel-declarations`, {
      token: h.owner.token,
      body: {
        originCode: '370523',
        departedOn: addDays(today, -1),
        arrivedOn: today,
        transport: { kind: 'car' },
      },
      headers: { 'idempotency-key': newKey() },
    });
    const declared = expectBody(res, 201, travelDeclarationSchema);
    const pending = await allPending(gridworker.token, 'travel');
    expect(pending.find((i) => i.submissionId === declared.submissionId)).toMatchObject({
      type: 'travel',
      personId: spouse.personId,
      originCode: '370523',
    });
    const verified = expectBody(
      await verify(gridworker.token, declared.submissionId, CONFIRM_BY_PHONE),
      200,
      verifyResponseSchema,
    );
    expect(verified).toMatchObject({
      submissionId: declared.submissionId,
      type: 'travel',
      verification: { status: 'confirmed' },
    });
    expect((await allPending(gridworker.token, 'travel')).map((i) => i.submissionId)).not.toContain(
      declared.submissionId,
    );
  });
});

describe('GET /v1/grids/{gridCode}/summary', () => {
  async function expectCountsMatchList() {
    const counts = expectBody(await summary(gridworker.token), 200, gridSummarySchema);
    expect(counts.gridCode).toBe(GRID);
    expect(counts.pending).toEqual({
      health: (await allPending(gridworker.token, 'health')).length,
      travel: (await allPending(gridworker.token, 'travel')).length,
    });
    return counts;
  }

  it('counts pending submissions once the stream consumer has caught up, and counts down on verifying', async () => {
    await drainStreams();
    const start = await expectCountsMatchList();

    const report = await newReport();
    await drainStreams();
    const after = await expectCountsMatchList();
    expect(after.pending.health).toBe(start.pending.health + 1);

    expectBody(
      await verify(gridworker.token, report.submissionId, CONFIRM_BY_PHONE),
      200,
      verifyResponseSchema,
    );
    await drainStreams();
    const verified = await expectCountsMatchList();
    expect(verified.pending.health).toBe(start.pending.health);
  });

  it('still matches the pending lists after the reconcileStats schedule recounts every grid', async () => {
    await drainStreams();
    const before = await expectCountsMatchList();
    await runSchedule('reconcileStats');
    const after = await expectCountsMatchList();
    expect(after.pending).toEqual(before.pending);
  });

  it('answers zero counts for a grid with no submissions yet, and 403 out of scope', async () => {
    expect(expectBody(await summary(admin.token, UNKNOWN_GRID), 200, gridSummarySchema)).toEqual({
      gridCode: UNKNOWN_GRID,
      pending: { health: 0, travel: 0 },
    });
    expectError(await summary(otherGridworker.token), 403, 'FORBIDDEN_SCOPE');
    expectError(await summary(h.owner.token), 403, 'FORBIDDEN_ROLE');
  });
});
