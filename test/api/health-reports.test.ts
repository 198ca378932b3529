import { addDays, healthReportListSchema, healthReportSchema, localDate } from '@grid/shared';
import { beforeAll, describe, expect, it } from 'vitest';
import { api, newKey } from './support/client';
import {
  demo,
  expectBody,
  expectError,
  GRIDS,
  instantsInTwoSlots,
  memberOf,
  newGridworker,
  newHousehold,
  postHealthReport,
  recentInstant,
  type StaffSession,
  slotKey,
  submissionIdOf,
  type TestHousehold,
} from './support/fixtures';

const listReports = (token: string, personId: string, from: string, to: string) =>
  api('GET', `/v1/persons/${personId}/health-reports?from=${from}&to=${to}`, { token });

let gridworker: StaffSession;
beforeAll(async () => {
  gridworker = await newGridworker(GRIDS.health);
});

describe('POST /v1/persons/{personId}/health-reports', () => {
  let h: TestHousehold;
  beforeAll(async () => {
    h = await newHousehold(GRIDS.health);
  });

  it('stores a report by the person itself', async () => {
    const self = memberOf(h, 'self').person;
    const measuredAt = recentInstant();
    const before = Date.now();
    const res = await postHealthReport(h.owner.token, self.personId, {
      temperature: 36.6,
      symptoms: ['cough', 'fatigue'],
      note: ' 有点累 ',
      measuredAt: measuredAt.toISOString(),
    });
    const report = expectBody(res, 201, healthReportSchema);
    expect(report).toMatchObject({
      submissionId: submissionIdOf(self.personId, measuredAt),
      personId: self.personId,
      gridCode: GRIDS.health,
      ...slotKey(measuredAt),
      temperature: 36.6,
      fever: false,
      symptoms: ['cough', 'fatigue'],
      note: '有点累',
      measuredAt: measuredAt.toISOString(),
      reporter: { userId: h.owner.user.userId, role: 'resident', kind: 'self' },
      verification: { status: 'pending' },
    });
    expect(Date.parse(report.reportedAt)).toBeGreaterThanOrEqual(before - 1000);
  });

  it('stores a report for another household member as a proxy report', async () => {
    const spouse = memberOf(h, 'spouse').person;
    const report = expectBody(
      await postHealthReport(h.owner.token, spouse.personId, { temperature: 36.2 }),
      201,
      healthReportSchema,
    );
    expect(report.reporter).toEqual({ userId: h.owner.user.userId, role: 'resident', kind: 'proxy' });
    expect(report.symptoms).toEqual([]);
    expect(report.note).toBeNull();
  });

  it('stores a report by the grid’s gridworker as a staff report', async () => {
    const parent = memberOf(h, 'parent').person;
    const report = expectBody(
      await postHealthReport(gridworker.token, parent.personId, { temperature: 36.8 }),
      201,
      healthReportSchema,
    );
    expect(report.reporter).toEqual({ userId: gridworker.user.userId, role: 'gridworker', kind: 'staff' });
  });

  it('defaults measuredAt to the time received, in that slot', async () => {
    const { owner, members } = await newHousehold(GRIDS.health);
    const before = new Date();
    const report = expectBody(
      await postHealthReport(owner.token, members[0]!.person.personId, { temperature: 36.5 }),
      201,
      healthReportSchema,
    );
    const after = new Date();
    const measuredAt = Date.parse(report.measuredAt);
    expect(measuredAt).toBeGreaterThanOrEqual(before.getTime() - 1000);
    expect(measuredAt).toBeLessThanOrEqual(after.getTime() + 1000);
    expect(report.reportedAt).toBe(report.measuredAt);
    expect(slotKey(new Date(report.measuredAt))).toEqual({ date: report.date, slot: report.slot });
  });

  it('flags fever from 37.3 °C, not at 37.2 °C', async () => {
    const { owner, members } = await newHousehold(GRIDS.health);
    const at = recentInstant().toISOString();
    const [a, b, c] = members.map((m) => m.person.personId);
    const fever = (personId: string | undefined, temperature: number) =>
      postHealthReport(owner.token, personId!, { temperature, measuredAt: at });
    expect(expectBody(await fever(a, 37.3), 201, healthReportSchema).fever).toBe(true);
    expect(expectBody(await fever(b, 37.2), 201, healthReportSchema).fever).toBe(false);
    expect(expectBody(await fever(c, 42), 201, healthReportSchema)).toMatchObject({
      temperature: 42,
      fever: true,
    });
  });

  it('files a report in the slot it was measured in, so one person has a report per slot', async () => {
    const { owner, members } = await newHousehold(GRIDS.health);
    const personId = members[0]!.person.personId;
    const [recent, earlier] = instantsInTwoSlots();
    for (const at of [recent, earlier]) {
      const report = expectBody(
        await postHealthReport(owner.token, personId, { temperature: 36.4, measuredAt: at.toISOString() }),
        201,
        healthReportSchema,
      );
      expect({ date: report.date, slot: report.slot }).toEqual(slotKey(at));
      expect(report.submissionId).toBe(submissionIdOf(personId, at));
    }
  });

  it('accepts measuredAt with a +08:00 offset and files it by Shanghai time', async () => {
    const { owner, members } = await newHousehold(GRIDS.health);
    const at = recentInstant();
    const shanghai = new Date(at.getTime() + 8 * 3600_000).toISOString().replace('Z', '+08:00');
    const report = expectBody(
      await postHealthReport(owner.token, members[0]!.person.personId, {
        temperature: 36.4,
        measuredAt: shanghai,
      }),
      201,
      healthReportSchema,
    );
    expect(report.measuredAt).toBe(at.toISOString());
    expect({ date: report.date, slot: report.slot }).toEqual(slotKey(at));
  });

  describe('idempotency and one report per slot', () => {
    it('answers a retry with the same key and body with the original report (200)', async () => {
      const { owner, members } = await newHousehold(GRIDS.health);
      const personId = members[0]!.person.personId;
      const body = {
        temperature: 36.7,
        symptoms: ['sore_throat'],
        measuredAt: recentInstant().toISOString(),
      };
      const key = newKey();
      const first = await postHealthReport(owner.token, personId, body, key);
      const original = expectBody(first, 201, healthReportSchema);
      const retried = await postHealthReport(owner.token, personId, body, key);
      expect(expectBody(retried, 200, healthReportSchema)).toEqual(original);
      expect(retried.body).toEqual(first.body);
    });

    it('answers 422 IDEMPOTENCY_KEY_REUSED for the same key with another body', async () => {
      const { owner, members } = await newHousehold(GRIDS.health);
      const personId = members[0]!.person.personId;
      const measuredAt = recentInstant().toISOString();
      const key = newKey();
      expectBody(
        await postHealthReport(owner.token, personId, { temperature: 36.7, measuredAt }, key),
        201,
        healthReportSchema,
      );
      expectError(
        await postHealthReport(owner.token, personId, { temperature: 38.1, measuredAt }, key),
        422,
        'IDEMPOTENCY_KEY_REUSED',
      );
    });

    it('answers 409 ALREADY_REPORTED for another key in a filled slot', async () => {
      const { owner, members } = await newHousehold(GRIDS.health);
      const personId = members[0]!.person.personId;
      const at = recentInstant();
      const body = { temperature: 36.7, measuredAt: at.toISOString() };
      const original = expectBody(
        await postHealthReport(owner.token, personId, body),
        201,
        healthReportSchema,
      );
      const conflict = expectError(
        await postHealthReport(owner.token, personId, body),
        409,
        'ALREADY_REPORTED',
      );
      expect(conflict.details).toEqual({ submissionId: original.submissionId, ...slotKey(at) });
      // Another reporter (the gridworker) cannot fill it twice either.
      expectError(
        await postHealthReport(gridworker.token, personId, { temperature: 38, measuredAt: body.measuredAt }),
        409,
        'ALREADY_REPORTED',
      );
    });

    it('stores one report when the same report is sent several times at once', async () => {
      const { owner, members } = await newHousehold(GRIDS.health);
      const personId = members[0]!.person.personId;
      const body = { temperature: 36.9, measuredAt: recentInstant().toISOString() };
      const key = newKey();
      const answers = await Promise.all(
        [1, 2, 3, 4].map(() => postHealthReport(owner.token, personId, body, key)),
      );
      expect(answers.map((a) => a.status).sort()).toEqual([200, 200, 200, 201]);
      const reports = answers.map((a) => healthReportSchema.parse(a.body));
      expect(new Set(reports.map((r) => JSON.stringify(r))).size).toBe(1);
    });
  });

  describe('refusals', () => {
    it('answers 400 MEASURED_AT_INVALID for a measurement a day old or in the future', async () => {
      const { owner, members } = await newHousehold(GRIDS.health);
      const personId = members[0]!.person.personId;
      const hours = (n: number) => new Date(Date.now() + n * 3600_000).toISOString();
      for (const measuredAt of [hours(-24), hours(-12.1), hours(1)]) {
        expectError(
          await postHealthReport(owner.token, personId, { temperature: 36.5, measuredAt }),
          400,
          'MEASURED_AT_INVALID',
        );
      }
      // Nothing was stored.
      const today = localDate(new Date());
      const list = expectBody(
        await listReports(owner.token, personId, addDays(today, -2), today),
        200,
        healthReportListSchema,
      );
      expect(list.items).toEqual([]);
    });

    it('answers 400 IDEMPOTENCY_KEY_REQUIRED without the header, 400 for a malformed key', async () => {
      const { owner, members } = await newHousehold(GRIDS.health);
      const personId = members[0]!.person.personId;
      expectError(
        await postHealthReport(owner.token, personId, { temperature: 36.5 }, null),
        400,
        'IDEMPOTENCY_KEY_REQUIRED',
      );
      const error = expectError(
        await postHealthReport(owner.token, personId, { temperature: 36.5 }, 'short'),
        400,
        'VALIDATION_FAILED',
      );
      expect(error.details).toEqual({
        issues: [
          { path: 'headers.idempotency-key', issue: 'invalid_format', message: 'IDEMPOTENCY_KEY_INVALID' },
        ],
      });
    });

    it('answers 400 for repeated or unknown symptoms', async () => {
      const { owner, members } = await newHousehold(GRIDS.health);
      const personId = members[0]!.person.personId;
      expectError(
        await postHealthReport(owner.token, personId, { temperature: 36.5, symptoms: ['cough', 'cough'] }),
        400,
        'VALIDATION_FAILED',
      );
      expectError(
        await postHealthReport(owner.token, personId, { temperature: 36.5, symptoms: ['sneezing'] }),
        400,
        'VALIDATION_FAILED',
      );
    });

    it('answers 403 FORBIDDEN_ROLE to centres and admins, who do not report', async () => {
      const { members } = await newHousehold(GRIDS.health);
      const admin = await demo('demo-admin');
      const street = await demo('demo-street');
      for (const token of [admin.token, street.token]) {
        expectError(
          await postHealthReport(token, members[0]!.person.personId, { temperature: 36.5 }),
          403,
          'FORBIDDEN_ROLE',
        );
      }
    });
  });
});

describe('GET /v1/persons/{personId}/health-reports', () => {
  it('lists a person’s reports between two dates, for the household and for staff in scope', async () => {
    const { owner, members } = await newHousehold(GRIDS.health);
    const personId = members[0]!.person.personId;
    const submitted = [];
    for (const at of instantsInTwoSlots()) {
      const res = await postHealthReport(owner.token, personId, {
        temperature: 36.4,
        measuredAt: at.toISOString(),
      });
      submitted.push(expectBody(res, 201, healthReportSchema));
    }
    // Stored by date and slot: oldest first.
    const expected = [...submitted].sort((a, b) => (a.measuredAt < b.measuredAt ? -1 : 1));
    const today = localDate(new Date());
    const from = addDays(today, -1);
    // instantsInTwoSlots may pick a minute or two ahead, which near midnight is tomorrow.
    const to = addDays(today, 1);

    const street = await demo('demo-street');
    const admin = await demo('demo-admin');
    for (const token of [owner.token, gridworker.token, street.token, admin.token]) {
      const list = expectBody(await listReports(token, personId, from, to), 200, healthReportListSchema);
      expect(list.items).toEqual(expected);
    }

    // The range is inclusive and narrows the list.
    const onlyFirstDay = expectBody(
      await listReports(owner.token, personId, expected[0]!.date, expected[0]!.date),
      200,
      healthReportListSchema,
    );
    expect(onlyFirstDay.items).toEqual(expected.filter((r) => r.date === expected[0]!.date));
    const before = expectBody(
      await listReports(owner.token, personId, addDays(from, -10), addDays(from, -1)),
      200,
      healthReportListSchema,
    );
    expect(before.items).toEqual([]);
  });

  it('accepts 62 days and answers 400 DATE_RANGE_INVALID beyond, or for a reversed range', async () => {
    const { owner, members } = await newHousehold(GRIDS.health);
    const personId = members[0]!.person.personId;
    const today = localDate(new Date());
    expectBody(
      await listReports(owner.token, personId, addDays(today, -62), today),
      200,
      healthReportListSchema,
    );
    expectError(
      await listReports(owner.token, personId, addDays(today, -63), today),
      400,
      'DATE_RANGE_INVALID',
    );
    expectError(
      await listReports(owner.token, personId, today, addDays(today, -1)),
      400,
      'DATE_RANGE_INVALID',
    );
  });

  it('answers 400 for missing or malformed dates', async () => {
    const { owner, members } = await newHousehold(GRIDS.health);
    const personId = members[0]!.person.personId;
    const today = localDate(new Date());
    expectError(
      await api('GET', `/v1/persons/${personId}/health-reports?from=${today}`, { token: owner.token }),
      400,
      'DATE_INVALID',
    );
    expectError(await listReports(owner.token, personId, '2024-02-30', today), 400, 'DATE_INVALID');
    expectError(await listReports(owner.token, personId, '20240201', today), 400, 'DATE_INVALID');
  });
});
