/**
 * Door-to-door screening, places, and one file per person: duplicate warnings at registration and
 * the merge of two persons that keeps both histories, over HTTP against the local stack.
 */
import {
  createHouseholdWithWarningsResponseSchema,
  gridScreeningDaySchema,
  localDate,
  mergePersonsResponseSchema,
  personFileSchema,
  placeListSchema,
  placeSchema,
  placeScreeningSchema,
  visitSchema,
} from '@grid/shared';
import { beforeAll, describe, expect, it } from 'vitest';
import { api, drainStreams, newKey } from './support/client';
import {
  demo,
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

const visit = (token: string, householdId: string, body: unknown, key = newKey()) =>
  api('POST', `/v1/households/${householdId}/visits`, { token, body, headers: { 'idempotency-key': key } });

describe('door-to-door screening', () => {
  it(
    'records visits for a household registered on its behalf and marks it screened today',
    async () => {
      const members = [
        memberInput('self', { phone: null, name: '孙大娘' }),
        memberInput('spouse', { phone: null, name: '孙大爷' }),
      ];
      const created = expectBody(
        await postHousehold(gridworker.token, {
          gridCode: GRID,
          members,
          address: '文汇街道中王屋 3 号楼 101',
        }),
        201,
        createHouseholdWithWarningsResponseSchema,
      );
      const householdId = created.householdId;

      // Nobody home in the morning, then present: one household, two visits, the last outcome shows.
      const key = newKey();
      const absent = expectBody(
        await visit(gridworker.token, householdId, { outcome: 'absent', note: '敲门无人' }, key),
        201,
        visitSchema,
      );
      expect(absent).toMatchObject({
        householdId,
        gridCode: GRID,
        outcome: 'absent',
        date: localDate(new Date()),
        visitedBy: gridworker.user.userId,
      });
      // A retry with the same key is the same visit; another body under it is refused.
      expect(
        expectBody(
          await visit(gridworker.token, householdId, { outcome: 'absent', note: '敲门无人' }, key),
          200,
          visitSchema,
        ),
      ).toEqual(absent);
      expectError(
        await visit(gridworker.token, householdId, { outcome: 'refused' }, key),
        422,
        'IDEMPOTENCY_KEY_REUSED',
      );

      const seen = created.members.map((m) => m.personId);
      const present = expectBody(
        await visit(gridworker.token, householdId, {
          outcome: 'present',
          personIdsSeen: seen,
          note: '体温正常',
        }),
        201,
        visitSchema,
      );
      expect(present.personIdsSeen).toEqual(seen);

      const day = expectBody(
        await api('GET', `/v1/grids/${GRID}/screening`, { token: gridworker.token }),
        200,
        gridScreeningDaySchema,
      );
      const mine = day.households.find((h) => h.householdId === householdId);
      expect(mine).toEqual({
        householdId,
        address: '文汇街道中王屋 3 号楼 101',
        outcome: 'present',
        visitedAt: present.visitedAt,
        visitedBy: gridworker.user.userId,
        visits: 2,
      });
      expect(day.counts.present).toBeGreaterThanOrEqual(1);
      expect(day.counts.present + day.counts.absent + day.counts.refused).toBe(day.households.length);

      // Another day's list does not have it; the street centre sees the grid, a stranger does not.
      const yesterday = expectBody(
        await api('GET', `/v1/grids/${GRID}/screening?date=2020-01-01`, { token: gridworker.token }),
        200,
        gridScreeningDaySchema,
      );
      expect(yesterday.households).toEqual([]);
      const street = await demo('demo-street');
      expect((await api('GET', `/v1/grids/${GRID}/screening`, { token: street.token })).status).toBe(200);
      expectError(
        await api('GET', `/v1/grids/${GRID}/screening`, { token: outsider.token }),
        403,
        'FORBIDDEN_SCOPE',
      );
    },
    SLOW,
  );

  it(
    'refuses visits out of scope, by residents, and with persons not of the household',
    async () => {
      const h = await newHousehold(GRID);
      expectError(
        await visit(outsider.token, h.household.householdId, { outcome: 'present' }),
        403,
        'FORBIDDEN_SCOPE',
      );
      expectError(
        await visit(h.owner.token, h.household.householdId, { outcome: 'present' }),
        403,
        'FORBIDDEN_ROLE',
      );
      const res = await visit(gridworker.token, h.household.householdId, {
        outcome: 'present',
        personIdsSeen: ['01ARZ3NDEKTSV4RRFFQ69G5FAV'],
      });
      expectError(res, 400, 'VALIDATION_FAILED');
      expectError(
        await visit(gridworker.token, h.household.householdId, { outcome: 'sleeping' }),
        400,
        'VALIDATION_FAILED',
      );
      expectError(
        await api('POST', `/v1/households/${h.household.householdId}/visits`, {
          token: gridworker.token,
          body: { outcome: 'present' },
        }),
        400,
        'IDEMPOTENCY_KEY_REQUIRED',
      );
    },
    SLOW,
  );

  it(
    'keeps places with a staff count and their screenings',
    async () => {
      const place = expectBody(
        await api('POST', `/v1/grids/${GRID}/places`, {
          token: gridworker.token,
          body: { name: '惠民超市', kind: 'shop', address: '中王屋路 8 号', staffCount: 12 },
        }),
        201,
        placeSchema,
      );
      expect(place).toMatchObject({ gridCode: GRID, gridKind: 'basic', staffCount: 12, lastScreening: null });
      const key = newKey();
      const body = { staffPresent: 10, staffScreened: 10, abnormal: 1, note: '一人体温 37.5' };
      const screened = expectBody(
        await api('POST', `/v1/places/${place.placeId}/screenings`, {
          token: gridworker.token,
          body,
          headers: { 'idempotency-key': key },
        }),
        201,
        placeScreeningSchema,
      );
      expect(
        expectBody(
          await api('POST', `/v1/places/${place.placeId}/screenings`, {
            token: gridworker.token,
            body,
            headers: { 'idempotency-key': key },
          }),
          200,
          placeScreeningSchema,
        ),
      ).toEqual(screened);
      expectError(
        await api('POST', `/v1/places/${place.placeId}/screenings`, {
          token: gridworker.token,
          body: { staffPresent: 3, staffScreened: 5 },
          headers: { 'idempotency-key': newKey() },
        }),
        400,
        'VALIDATION_FAILED',
      );
      const list = expectBody(
        await api('GET', `/v1/grids/${GRID}/places`, { token: gridworker.token }),
        200,
        placeListSchema,
      );
      expect(list.items.find((p) => p.placeId === place.placeId)?.lastScreening).toEqual(screened);
      expectError(
        await api('POST', `/v1/places/${place.placeId}/screenings`, {
          token: outsider.token,
          body,
          headers: { 'idempotency-key': newKey() },
        }),
        403,
        'FORBIDDEN_SCOPE',
      );
    },
    SLOW,
  );
});

describe('one file per person', () => {
  it(
    'warns of likely duplicates when a gridworker registers someone already on file',
    async () => {
      const idNumber = freshIdNumber();
      const phone = freshPhone();
      const first = expectBody(
        await postHousehold(gridworker.token, {
          gridCode: GRID,
          members: [{ name: '周建华', relation: 'self', idNumber, phone }],
        }),
        201,
        createHouseholdWithWarningsResponseSchema,
      );
      expect(first.duplicateWarnings).toBeUndefined();
      await drainStreams();

      // The same ID number in another household; the same phone on someone else.
      const second = expectBody(
        await postHousehold(gridworker.token, {
          gridCode: GRID,
          members: [
            { name: '周建华', relation: 'self', idNumber },
            { name: '周小华', relation: 'child', idNumber: freshIdNumber(), phone },
          ],
        }),
        201,
        createHouseholdWithWarningsResponseSchema,
      );
      const existing = first.members[0]!.personId;
      expect(second.duplicateWarnings).toEqual([
        {
          memberIndex: 0,
          personId: second.members[0]!.personId,
          reason: 'id_number',
          existingPersonId: existing,
          existingGridCode: GRID,
        },
        {
          memberIndex: 1,
          personId: second.members[1]!.personId,
          reason: 'phone',
          existingPersonId: existing,
          existingGridCode: GRID,
        },
      ]);
    },
    SLOW,
  );

  it(
    'merges two persons keeping both histories, with an audit, and follows the merge on reads',
    async () => {
      const idNumber = freshIdNumber();
      const a = expectBody(
        await postHousehold(gridworker.token, {
          gridCode: GRID,
          members: [{ name: '吴秀兰', relation: 'self', idNumber }],
        }),
        201,
        createHouseholdWithWarningsResponseSchema,
      );
      const b = expectBody(
        await postHousehold(gridworker.token, {
          gridCode: GRID,
          members: [{ name: '吴秀兰', relation: 'self', idNumber }],
        }),
        201,
        createHouseholdWithWarningsResponseSchema,
      );
      const survivor = a.members[0]!;
      const absorbed = b.members[0]!;
      expect(b.duplicateWarnings?.[0]).toMatchObject({
        reason: 'id_number',
        existingPersonId: survivor.personId,
      });

      // Each file has its own history before the merge.
      expect(
        (await postHealthReport(gridworker.token, survivor.personId, { temperature: 36.5 })).status,
      ).toBe(201);
      expect(
        (await postHealthReport(gridworker.token, absorbed.personId, { temperature: 36.8 })).status,
      ).toBe(201);

      // Out of scope: refused; into itself: refused.
      expectError(
        await api('POST', `/v1/persons/${absorbed.personId}/merge`, {
          token: outsider.token,
          body: { intoPersonId: survivor.personId, note: '重复登记' },
        }),
        403,
        'FORBIDDEN_SCOPE',
      );
      expectError(
        await api('POST', `/v1/persons/${absorbed.personId}/merge`, {
          token: gridworker.token,
          body: { intoPersonId: absorbed.personId, note: '重复登记' },
        }),
        400,
        'MERGE_SAME_PERSON',
      );

      const merged = expectBody(
        await api('POST', `/v1/persons/${absorbed.personId}/merge`, {
          token: gridworker.token,
          body: { intoPersonId: survivor.personId, note: '同一人两户重复登记' },
        }),
        200,
        mergePersonsResponseSchema,
      );
      expect(merged.merge).toMatchObject({
        survivorId: survivor.personId,
        absorbedId: absorbed.personId,
        mergedBy: gridworker.user.userId,
        note: '同一人两户重复登记',
      });
      expect(merged.survivor.version).toBe(survivor.version + 1);

      // Either id opens the survivor's file, with both histories and the audit.
      for (const id of [survivor.personId, absorbed.personId]) {
        const file = expectBody(
          await api('GET', `/v1/persons/${id}/file`, { token: gridworker.token }),
          200,
          personFileSchema,
        );
        expect(file.person.personId).toBe(survivor.personId);
        expect(file.resolvedFrom).toBe(id === absorbed.personId ? absorbed.personId : null);
        expect(file.mergedFrom).toEqual([absorbed.personId]);
        expect(file.merges).toEqual([merged.merge]);
        expect(file.healthReports.map((r) => [r.personId, r.temperature]).sort()).toEqual(
          [
            [absorbed.personId, 36.8],
            [survivor.personId, 36.5],
          ].sort(),
        );
      }
      // Merged once only; and it no longer answers to its ID number: a new registration warns of the survivor alone.
      expectError(
        await api('POST', `/v1/persons/${absorbed.personId}/merge`, {
          token: gridworker.token,
          body: { intoPersonId: survivor.personId, note: '再合并' },
        }),
        409,
        'ALREADY_MERGED',
      );
      await drainStreams();
      const third = expectBody(
        await postHousehold(gridworker.token, {
          gridCode: GRID,
          members: [{ name: '吴秀兰', relation: 'self', idNumber }],
        }),
        201,
        createHouseholdWithWarningsResponseSchema,
      );
      expect(third.duplicateWarnings?.map((w) => w.existingPersonId)).toEqual([survivor.personId]);
    },
    SLOW,
  );
});
