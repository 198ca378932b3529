/**
 * Scope: a gridworker reaches only its grids, a resident only its household, a centre only its
 * region. Everything else, and every id that does not exist, answers the same 403 FORBIDDEN_SCOPE.
 */
import { addDays, healthReportListSchema, localDate, personContactSchema } from '@grid/shared';
import { beforeAll, describe, expect, it } from 'vitest';
import { type ApiResponse, api, newKey } from './support/client';
import {
  demo,
  expectBody,
  expectError,
  GRIDS,
  memberInput,
  memberOf,
  newGridworker,
  newHousehold,
  postHealthReport,
  postHousehold,
  type Session,
  type StaffSession,
  type TestHousehold,
  unknownId,
} from './support/fixtures';

const reportsPath = (personId: string) => {
  const today = localDate(new Date());
  return `/v1/persons/${personId}/health-reports?from=${addDays(today, -1)}&to=${addDays(today, 1)}`;
};
const travel = (token: string, personId: string) =>
  api('POST', `/v1/persons/${personId}/travel-declarations`, {
    token,
    body: {
      originCode: '370502',
      departedOn: addDays(localDate(new Date()), -3),
      arrivedOn: addDays(localDate(new Date()), -2),
      transport: { kind: 'car' },
    },
    headers: { 'idempotency-key': newKey() },
  });

let ours: TestHousehold;
let theirs: TestHousehold;
let gridworker: StaffSession;
let street: Session;

beforeAll(async () => {
  [ours, theirs, gridworker, street] = await Promise.all([
    newHousehold(GRIDS.scope),
    newHousehold(GRIDS.scopeOther),
    newGridworker(GRIDS.scope),
    demo('demo-street'),
  ]);
});

describe('across households', () => {
  it('keeps a resident out of another household', async () => {
    const token = ours.owner.token;
    const stranger = memberOf(theirs, 'self').person;
    expectError(
      await postHealthReport(token, stranger.personId, { temperature: 36.5 }),
      403,
      'FORBIDDEN_SCOPE',
    );
    expectError(await api('GET', reportsPath(stranger.personId), { token }), 403, 'FORBIDDEN_SCOPE');
    expectError(await travel(token, stranger.personId), 403, 'FORBIDDEN_SCOPE');
    expectError(
      await api('POST', `/v1/households/${theirs.household.householdId}/members`, {
        headers: { 'idempotency-key': newKey() },
        token,
        body: memberInput('other'),
      }),
      403,
      'FORBIDDEN_SCOPE',
    );
    expectError(
      await api('PATCH', `/v1/households/${theirs.household.householdId}/members/${stranger.personId}`, {
        token,
        body: { name: '改名', version: 1 },
      }),
      403,
      'FORBIDDEN_SCOPE',
    );
  });

  it('does not let a member of another household be changed through one’s own household', async () => {
    const stranger = memberOf(theirs, 'self').person;
    expectError(
      await api('PATCH', `/v1/households/${ours.household.householdId}/members/${stranger.personId}`, {
        token: ours.owner.token,
        body: { name: '改名', version: 1 },
      }),
      403,
      'FORBIDDEN_SCOPE',
    );
  });

  it('lets a resident read its own household’s reports, not another household’s', async () => {
    const spouse = memberOf(ours, 'spouse').person;
    await postHealthReport(ours.owner.token, spouse.personId, { temperature: 36.5 });
    const own = expectBody(
      await api('GET', reportsPath(spouse.personId), { token: ours.owner.token }),
      200,
      healthReportListSchema,
    );
    expect(own.items).toHaveLength(1);
    expectError(
      await api('GET', reportsPath(spouse.personId), { token: theirs.owner.token }),
      403,
      'FORBIDDEN_SCOPE',
    );
  });
});

describe('across grids', () => {
  it('keeps a gridworker out of other grids', async () => {
    const outside = memberOf(theirs, 'self').person;
    const token = gridworker.token;
    expectError(
      await api('GET', `/v1/grids/${GRIDS.scopeOther}/pending?type=health`, { token }),
      403,
      'FORBIDDEN_SCOPE',
    );
    expectError(await api('GET', `/v1/grids/${GRIDS.scopeOther}/summary`, { token }), 403, 'FORBIDDEN_SCOPE');
    expectError(
      await postHealthReport(token, outside.personId, { temperature: 36.5 }),
      403,
      'FORBIDDEN_SCOPE',
    );
    expectError(await api('GET', reportsPath(outside.personId), { token }), 403, 'FORBIDDEN_SCOPE');
    expectError(
      await api('GET', `/v1/persons/${outside.personId}/contact`, { token }),
      403,
      'FORBIDDEN_SCOPE',
    );
    expectError(await travel(token, outside.personId), 403, 'FORBIDDEN_SCOPE');
    expectError(
      await postHousehold(token, { gridCode: GRIDS.scopeOther, members: [memberInput('self')] }),
      403,
      'FORBIDDEN_SCOPE',
    );
    expectError(
      await api('POST', `/v1/households/${theirs.household.householdId}/members`, {
        headers: { 'idempotency-key': newKey() },
        token,
        body: memberInput('other'),
      }),
      403,
      'FORBIDDEN_SCOPE',
    );

    // Its own grid is open to it.
    const inside = memberOf(ours, 'self').person;
    expectBody(
      await api('GET', `/v1/persons/${inside.personId}/contact`, { token }),
      200,
      personContactSchema,
    );
  });

  it('keeps a centre inside its region prefix', async () => {
    // GRIDS.scope lies in 黄河路街道 (370502002), outside the demo street centre's 文汇街道.
    const outside = memberOf(ours, 'self').person;
    expectError(
      await api('GET', reportsPath(outside.personId), { token: street.token }),
      403,
      'FORBIDDEN_SCOPE',
    );
    expectError(
      await api('GET', `/v1/grids/${GRIDS.scope}/pending?type=health`, { token: street.token }),
      403,
      'FORBIDDEN_SCOPE',
    );
    expectError(
      await api('GET', `/v1/persons/${outside.personId}/contact`, { token: street.token }),
      403,
      'FORBIDDEN_SCOPE',
    );
    // The city admin's 3705 covers both.
    const admin = await demo('demo-admin');
    expectBody(
      await api('GET', reportsPath(outside.personId), { token: admin.token }),
      200,
      healthReportListSchema,
    );
  });
});

describe('unknown ids', () => {
  it('answer exactly like ids out of scope, so probing tells nothing', async () => {
    const unknownPerson = unknownId();
    const unknownHousehold = unknownId();
    const outOfScope = memberOf(theirs, 'self').person;
    const probes: Array<[string, (personId: string, householdId: string) => Promise<ApiResponse>]> = [
      ['report', (p) => postHealthReport(ours.owner.token, p, { temperature: 36.5 })],
      ['list', (p) => api('GET', reportsPath(p), { token: ours.owner.token })],
      ['contact', (p) => api('GET', `/v1/persons/${p}/contact`, { token: gridworker.token })],
      ['travel', (p) => travel(gridworker.token, p)],
      [
        'add member',
        (_, hh) =>
          api('POST', `/v1/households/${hh}/members`, {
            headers: { 'idempotency-key': newKey() },
            token: ours.owner.token,
            body: memberInput('other'),
          }),
      ],
      [
        'update member',
        (p, hh) =>
          api('PATCH', `/v1/households/${hh}/members/${p}`, {
            token: ours.owner.token,
            body: { name: '甲', version: 1 },
          }),
      ],
    ];
    for (const [name, probe] of probes) {
      const unknown = await probe(unknownPerson, unknownHousehold);
      const forbidden = await probe(outOfScope.personId, theirs.household.householdId);
      expectError(unknown, 403, 'FORBIDDEN_SCOPE');
      expect({ name, ...(unknown.body as object) }).toEqual({ name, ...(forbidden.body as object) });
    }
  });

  it('answers the same 403 to the admin for a person that does not exist', async () => {
    const admin = await demo('demo-admin');
    expectError(
      await api('GET', `/v1/persons/${unknownId()}/contact`, { token: admin.token }),
      403,
      'FORBIDDEN_SCOPE',
    );
  });
});
