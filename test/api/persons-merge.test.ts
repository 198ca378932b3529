/**
 * After a merge, over HTTP: every route that takes the absorbed person's id answers 409
 * PERSON_MERGED naming the survivor (at the end of a chain of merges) — contact, health reports,
 * travel, member update, quarantine, registration tasks — except the person's file, which follows
 * the pointer. Out of scope stays 403 and tells nothing. And adding a member warns of duplicates.
 */
import {
  addDays,
  addMemberResponseSchema,
  createHouseholdWithWarningsResponseSchema,
  localDate,
  personFileSchema,
  quarantineListSchema,
} from '@grid/shared';
import { beforeAll, describe, expect, it } from 'vitest';
import { api, drainStreams, newKey } from './support/client';
import {
  expectBody,
  expectError,
  freshIdNumber,
  freshPhone,
  GRIDS,
  memberInput,
  newGridworker,
  newHousehold,
  postHealthReport,
  postHousehold,
  type StaffSession,
} from './support/fixtures';

const GRID = GRIDS.screening;
const SLOW = 120_000;

let gridworker: StaffSession;
let outsider: StaffSession;

beforeAll(async () => {
  gridworker = await newGridworker(GRID);
  outsider = await newGridworker(GRIDS.crossMatch);
}, SLOW);

async function register(name: string, idNumber: string, extra: string[] = []) {
  const created = expectBody(
    await postHousehold(gridworker.token, {
      gridCode: GRID,
      members: [
        { name, relation: 'self', idNumber, phone: freshPhone() },
        ...extra.map((n) => ({ name: n, relation: 'child' as const, idNumber: freshIdNumber() })),
      ],
    }),
    201,
    createHouseholdWithWarningsResponseSchema,
  );
  return created;
}

const merge = (absorbed: string, into: string) =>
  api('POST', `/v1/persons/${absorbed}/merge`, {
    token: gridworker.token,
    body: { intoPersonId: into, note: '重复登记' },
  });

describe('routes that take a merged-away person', () => {
  it(
    'answer 409 PERSON_MERGED with the survivor, the file follows, out of scope is still 403',
    async () => {
      const idNumber = freshIdNumber();
      const first = await register('郑淑芬', idNumber);
      const second = await register('郑淑芬', idNumber, ['郑小军']);
      const third = await register('郑淑芬', idNumber);
      const absorbed = second.members[0]!;
      const middle = third.members[0]!;
      const survivor = first.members[0]!;
      // second → third, then third → first: the absorbed person's survivor is at the end of the chain.
      expect((await merge(absorbed.personId, middle.personId)).status).toBe(200);
      expect((await merge(middle.personId, survivor.personId)).status).toBe(200);

      const token = gridworker.token;
      const id = absorbed.personId;
      const calls = [
        api('GET', `/v1/persons/${id}/contact`, { token }),
        api('GET', `/v1/persons/${id}/health-reports?from=2024-01-01&to=2024-01-31`, { token }),
        postHealthReport(token, id, { temperature: 36.6 }),
        api('POST', `/v1/persons/${id}/travel-declarations`, {
          token,
          headers: { 'idempotency-key': newKey() },
          body: {
            originCode: '420102',
            departedOn: addDays(localDate(new Date()), -3),
            arrivedOn: addDays(localDate(new Date()), -2),
            transport: { kind: 'train' },
          },
        }),
        api('PATCH', `/v1/households/${second.householdId}/members/${id}`, {
          token,
          body: { version: absorbed.version, name: '郑淑芳' },
        }),
        api('POST', '/v1/quarantines', { token, body: { personIds: [id], reason: 'close_contact' } }),
      ];
      for (const res of await Promise.all(calls)) {
        const error = expectError(res, 409, 'PERSON_MERGED');
        expect(error.details).toEqual({ personId: id, mergedInto: survivor.personId });
      }

      // The file follows the pointer instead.
      const file = expectBody(await api('GET', `/v1/persons/${id}/file`, { token }), 200, personFileSchema);
      expect(file.person.personId).toBe(survivor.personId);

      // Someone out of scope learns nothing about the merge.
      expectError(
        await api('GET', `/v1/persons/${id}/contact`, { token: outsider.token }),
        403,
        'FORBIDDEN_SCOPE',
      );

      // A whole household placed in quarantine leaves its merged-away member out.
      const placed = expectBody(
        await api('POST', '/v1/quarantines', {
          token,
          body: { householdId: second.householdId, reason: 'close_contact' },
        }),
        201,
        quarantineListSchema,
      );
      expect(placed.items.map((q) => q.personId)).toEqual([second.members[1]!.personId]);

      // The survivor itself is served as usual.
      expect((await api('GET', `/v1/persons/${survivor.personId}/contact`, { token })).status).toBe(200);
    },
    SLOW,
  );
});

describe('adding a member', () => {
  it(
    'warns a gridworker of likely duplicates elsewhere, and a resident of nothing',
    async () => {
      const idNumber = freshIdNumber();
      const phone = freshPhone();
      const onFile = await register('钱国庆', idNumber);
      // The phone of someone else already on file.
      const other = expectBody(
        await postHousehold(gridworker.token, {
          gridCode: GRID,
          members: [{ name: '钱国华', relation: 'self', idNumber: freshIdNumber(), phone }],
        }),
        201,
        createHouseholdWithWarningsResponseSchema,
      );
      await drainStreams();
      const host = await register('钱文', freshIdNumber());

      const sameId = expectBody(
        await api('POST', `/v1/households/${host.householdId}/members`, {
          headers: { 'idempotency-key': newKey() },
          token: gridworker.token,
          body: { name: '钱国庆', relation: 'parent', idNumber },
        }),
        201,
        addMemberResponseSchema,
      );
      expect(sameId.duplicateWarnings).toEqual([
        {
          memberIndex: 0,
          personId: sameId.personId,
          reason: 'id_number',
          existingPersonId: onFile.members[0]!.personId,
          existingGridCode: GRID,
        },
      ]);
      const samePhone = expectBody(
        await api('POST', `/v1/households/${host.householdId}/members`, {
          headers: { 'idempotency-key': newKey() },
          token: gridworker.token,
          body: { name: '钱小花', relation: 'child', idNumber: freshIdNumber(), phone },
        }),
        201,
        addMemberResponseSchema,
      );
      expect(samePhone.duplicateWarnings).toEqual([
        expect.objectContaining({ reason: 'phone', existingPersonId: other.members[0]!.personId }),
      ]);
      const nobody = expectBody(
        await api('POST', `/v1/households/${host.householdId}/members`, {
          headers: { 'idempotency-key': newKey() },
          token: gridworker.token,
          body: { name: '钱新', relation: 'child', idNumber: freshIdNumber() },
        }),
        201,
        addMemberResponseSchema,
      );
      expect(nobody.duplicateWarnings).toBeUndefined();

      // A resident adding someone on file elsewhere is told nothing about other households.
      const resident = await newHousehold(GRID, [memberInput('self')]);
      const own = expectBody(
        await api('POST', `/v1/households/${resident.household.householdId}/members`, {
          headers: { 'idempotency-key': newKey() },
          token: resident.owner.token,
          body: { name: '钱国庆', relation: 'parent', idNumber, phone },
        }),
        201,
        addMemberResponseSchema,
      );
      expect(own.duplicateWarnings).toBeUndefined();
    },
    SLOW,
  );
});
