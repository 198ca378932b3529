/** "Who viewed my record": staff reads of a person's file are recorded, and the resident sees them. */
import { accessLogSchema } from '@grid/shared';
import { beforeAll, describe, expect, it } from 'vitest';
import { api, newKey } from './support/client';
import {
  expectBody,
  expectError,
  GRIDS,
  newGridworker,
  newHousehold,
  type StaffSession,
  type TestHousehold,
} from './support/fixtures';

// scope.test.ts asserts refusals only in this grid, so these reads change nothing it checks.
const GRID = GRIDS.scope;

let gridworker: StaffSession;
let household: TestHousehold;

beforeAll(async () => {
  [gridworker, household] = await Promise.all([newGridworker(GRID), newHousehold(GRID)]);
});

const accessLog = async (token: string) =>
  expectBody(await api('GET', '/v1/me/access-log', { token }), 200, accessLogSchema);

describe('GET /v1/me/access-log', () => {
  it('starts empty and ignores the household’s own reads', async () => {
    const personId = household.members[0]!.person.personId;
    await api('GET', `/v1/persons/${personId}/health-reports?from=2026-01-01&to=2026-01-31`, {
      token: household.owner.token,
    });
    expect((await accessLog(household.owner.token)).items).toEqual([]);
  });

  it('lists each staff read of a member’s file (the phone revealed, the reports), not the masked lists', async () => {
    const person = household.members[0]!.person;
    const report = await api('POST', `/v1/persons/${person.personId}/health-reports`, {
      token: household.owner.token,
      body: { temperature: 36.6 },
      headers: { 'idempotency-key': newKey() },
    });
    expect(report.status).toBe(201);
    expect(
      (await api('GET', `/v1/persons/${person.personId}/contact`, { token: gridworker.token })).status,
    ).toBe(200);
    expect(
      (
        await api('GET', `/v1/persons/${person.personId}/health-reports?from=2026-01-01&to=2026-01-31`, {
          token: gridworker.token,
        })
      ).status,
    ).toBe(200);
    expect(
      (await api('GET', `/v1/grids/${GRID}/pending?type=health&limit=50`, { token: gridworker.token }))
        .status,
    ).toBe(200);

    const log = await accessLog(household.owner.token);
    const mine = log.items.filter((i) => i.personId === person.personId);
    expect(mine.map((i) => i.action).sort()).toEqual(['getPersonContact', 'listHealthReports'].sort());
    for (const entry of mine) {
      expect(entry).toMatchObject({
        personName: person.name,
        byRole: 'gridworker',
        byName: gridworker.staff.name,
      });
    }
    // Newest first.
    const times = log.items.map((i) => i.at);
    expect([...times].sort().reverse()).toEqual(times);
  });

  it('is a resident’s view: staff get 403 FORBIDDEN_ROLE', async () => {
    expectError(await api('GET', '/v1/me/access-log', { token: gridworker.token }), 403, 'FORBIDDEN_ROLE');
  });
});
