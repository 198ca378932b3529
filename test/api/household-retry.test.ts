/**
 * A household registration retried under its Idempotency-Key is compared whole (issue 18): the same
 * request gets the household it created, any other request under that key (another member, another
 * phone, not only another address) is 422 IDEMPOTENCY_KEY_REUSED and writes nothing.
 */
import { createHouseholdResponseSchema, householdSchema } from '@grid/shared';
import { describe, expect, it } from 'vitest';
import { api, newKey } from './support/client';
import {
  defaultMembers,
  expectBody,
  expectError,
  freshPhone,
  GRIDS,
  memberInput,
  newGridworker,
  newResident,
  postHousehold,
} from './support/fixtures';

describe('POST /v1/households retried under one Idempotency-Key', () => {
  it('gives a gridworker its household again, and 422 for the key with other members', async () => {
    const gridworker = await newGridworker(GRIDS.households);
    const members = defaultMembers();
    const body = { gridCode: GRIDS.households, address: '重试小区 1 号', members };
    const key = newKey();
    const first = expectBody(
      await postHousehold(gridworker.token, body, key),
      201,
      createHouseholdResponseSchema,
    );

    // Same address and grid, one member's phone changed: another request.
    const otherPhone = {
      ...body,
      members: members.map((m, i) => (i === 0 ? { ...m, phone: freshPhone() } : m)),
    };
    expectError(await postHousehold(gridworker.token, otherPhone, key), 422, 'IDEMPOTENCY_KEY_REUSED');
    // One member more: another request.
    const oneMore = { ...body, members: [...members, memberInput('child')] };
    expectError(await postHousehold(gridworker.token, oneMore, key), 422, 'IDEMPOTENCY_KEY_REUSED');

    const retry = expectBody(
      await postHousehold(gridworker.token, body, key),
      200,
      createHouseholdResponseSchema,
    );
    expect(retry.householdId).toBe(first.householdId);
    expect(retry.members.map((m) => m.personId)).toEqual(first.members.map((m) => m.personId));
    expect(retry.members.map((m) => m.phoneMasked)).toEqual(first.members.map((m) => m.phoneMasked));
  });

  it('gives a resident its household again, and 422 for the key with other members', async () => {
    const resident = await newResident();
    const members = defaultMembers();
    const body = { gridCode: GRIDS.households, members };
    const key = newKey();
    const created = expectBody(
      await postHousehold(resident.token, body, key),
      201,
      createHouseholdResponseSchema,
    );

    // With the old token (the household is found through the user) and with the new one.
    const renamed = { ...body, members: members.map((m, i) => (i === 1 ? { ...m, name: '另一个人' } : m)) };
    expectError(await postHousehold(resident.token, renamed, key), 422, 'IDEMPOTENCY_KEY_REUSED');
    expectError(await postHousehold(created.session!.token, renamed, key), 422, 'IDEMPOTENCY_KEY_REUSED');

    const retry = expectBody(
      await postHousehold(resident.token, body, key),
      200,
      createHouseholdResponseSchema,
    );
    expect(retry.householdId).toBe(created.householdId);
    const mine = expectBody(
      await api('GET', '/v1/households/mine', { token: created.session!.token }),
      200,
      householdSchema,
    );
    expect(mine.members.map((m) => m.name)).toEqual(members.map((m) => m.name));
  });
});
