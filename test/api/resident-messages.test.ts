/**
 * What a household hears back: a rejected check-in leaves its slot open for a new report (the
 * rejected one stays in the file), and GET /v1/me/messages lists verdicts and alerts, newest first.
 */
import {
  healthReportListSchema,
  healthReportSchema,
  localDate,
  residentMessagesSchema,
  travelDeclarationSchema,
} from '@grid/shared';
import { beforeAll, describe, expect, it } from 'vitest';
import { api, drainStreams, newKey } from './support/client';
import {
  expectBody,
  expectError,
  GRIDS,
  memberOf,
  newGridworker,
  newHousehold,
  postHealthReport,
  recentInstant,
  type StaffSession,
} from './support/fixtures';

const verify = (token: string, submissionId: string, body: Record<string, unknown>) =>
  api('POST', `/v1/submissions/${submissionId}/verify`, { token, body });
const REJECT = { decision: 'rejected', method: 'phone', note: '电话核实：体温是估的，请重新测量' };
const messages = async (token: string) =>
  expectBody(await api('GET', '/v1/me/messages', { token }), 200, residentMessagesSchema).items;

let gridworker: StaffSession;
beforeAll(async () => {
  gridworker = await newGridworker(GRIDS.health);
});

describe('a rejected check-in', () => {
  it('leaves the slot reportable again; the rejected report stays in the file', async () => {
    const h = await newHousehold(GRIDS.health);
    const personId = memberOf(h, 'self').person.personId;
    const measuredAt = recentInstant().toISOString();
    const first = expectBody(
      await postHealthReport(h.owner.token, personId, { temperature: 36.5, measuredAt }),
      201,
      healthReportSchema,
    );
    expect((await verify(gridworker.token, first.submissionId, REJECT)).status).toBe(200);

    const key = newKey();
    // The same instant as the first: a second taken later could fall in the next slot (midnight in China is 16:00 UTC).
    const body = { temperature: 36.8, measuredAt };
    const again = expectBody(
      await postHealthReport(h.owner.token, personId, body, key),
      201,
      healthReportSchema,
    );
    expect(again.submissionId).toBe(`${first.submissionId}.2`);
    expect(again).toMatchObject({ date: first.date, slot: first.slot, verification: { status: 'pending' } });
    // Its replay answers the new report; another report of the now-filled slot is refused.
    const replay = expectBody(
      await postHealthReport(h.owner.token, personId, body, key),
      200,
      healthReportSchema,
    );
    expect(replay.submissionId).toBe(again.submissionId);
    expectError(await postHealthReport(h.owner.token, personId, body), 409, 'ALREADY_REPORTED');

    const today = localDate(new Date());
    const file = expectBody(
      await api('GET', `/v1/persons/${personId}/health-reports?from=${first.date}&to=${today}`, {
        token: gridworker.token,
      }),
      200,
      healthReportListSchema,
    ).items.filter((r) => r.date === first.date && r.slot === first.slot);
    expect(file.map((r) => [r.submissionId, r.verification.status, r.temperature])).toEqual([
      [first.submissionId, 'rejected', 36.5],
      [again.submissionId, 'pending', 36.8],
    ]);
    // The new report is verified like any other.
    expect(
      (await verify(gridworker.token, again.submissionId, { decision: 'confirmed', method: 'phone' })).status,
    ).toBe(200);
  });
});

describe('GET /v1/me/messages', () => {
  it('lists the rejection with its note, a confirmation and the fever alert, newest first', async () => {
    const h = await newHousehold(GRIDS.health);
    const self = memberOf(h, 'self').person;
    const spouse = memberOf(h, 'spouse').person;
    expect(await messages(h.owner.token)).toEqual([]);

    const report = expectBody(
      await postHealthReport(h.owner.token, self.personId, { temperature: 36.5 }),
      201,
      healthReportSchema,
    );
    expect((await verify(gridworker.token, report.submissionId, REJECT)).status).toBe(200);
    const today = localDate(new Date());
    const declaration = expectBody(
      await api('POST', `/v1/persons/${spouse.personId}/travel-declarations`, {
        token: h.owner.token,
        headers: { 'idempotency-key': newKey() },
        body: { originCode: '370502', departedOn: today, arrivedOn: today, transport: { kind: 'car' } },
      }),
      201,
      travelDeclarationSchema,
    );
    expect(
      (await verify(gridworker.token, declaration.submissionId, { decision: 'confirmed', method: 'visit' }))
        .status,
    ).toBe(200);
    expectBody(
      await postHealthReport(h.owner.token, spouse.personId, { temperature: 38.6 }),
      201,
      healthReportSchema,
    );
    await drainStreams();

    const items = await messages(h.owner.token);
    expect(items.map((m) => m.at)).toEqual([...items.map((m) => m.at)].sort().reverse());
    expect(items).toContainEqual(
      expect.objectContaining({
        kind: 'verification',
        personName: self.name,
        submissionId: report.submissionId,
        submissionType: 'health',
        decision: 'rejected',
        note: REJECT.note,
        slot: report.slot,
      }),
    );
    expect(items).toContainEqual(
      expect.objectContaining({
        kind: 'verification',
        personName: spouse.name,
        submissionType: 'travel',
        decision: 'confirmed',
        slot: null,
      }),
    );
    expect(items).toContainEqual(
      expect.objectContaining({
        kind: 'alert',
        personName: spouse.name,
        alertKind: 'FEVER',
        status: 'open',
        temperature: 38.6,
      }),
    );
    expect(items).toHaveLength(3);
  });

  it('is the household’s own: staff are refused, another household sees nothing of it', async () => {
    expectError(await api('GET', '/v1/me/messages', { token: gridworker.token }), 403, 'FORBIDDEN_ROLE');
    const other = await newHousehold(GRIDS.health);
    expect(await messages(other.owner.token)).toEqual([]);
  });
});
