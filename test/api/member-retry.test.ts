/**
 * Adding a member is written exactly once (issue 13): a retry under the same Idempotency-Key
 * after a lost answer gets the member it added, not 409 PERSON_EXISTS, and the key cannot add
 * someone else.
 */
import { householdSchema, personSchema } from '@grid/shared';
import { describe, expect, it } from 'vitest';
import { api, newKey } from './support/client';
import { expectBody, expectError, GRIDS, memberInput, newHousehold } from './support/fixtures';

const addMember = (token: string, householdId: string, body: unknown, key: string) =>
  api('POST', `/v1/households/${householdId}/members`, {
    token,
    body,
    headers: { 'idempotency-key': key },
  });

describe('POST /v1/households/{householdId}/members under an Idempotency-Key', () => {
  it('answers a retry with the member it added, refuses the key for another member, and adds one person', async () => {
    const { owner, household } = await newHousehold(GRIDS.households);
    const child = memberInput('child', { phone: null });
    const key = newKey();
    const added = expectBody(
      await addMember(owner.token, household.householdId, child, key),
      201,
      personSchema,
    );

    const retried = expectBody(
      await addMember(owner.token, household.householdId, child, key),
      200,
      personSchema,
    );
    expect(retried).toEqual(personSchema.parse(added));

    expectError(
      await addMember(owner.token, household.householdId, memberInput('other'), key),
      422,
      'IDEMPOTENCY_KEY_REUSED',
    );
    // The same person under a new key is a second add: refused as before.
    expectError(await addMember(owner.token, household.householdId, child, newKey()), 409, 'PERSON_EXISTS');

    const after = expectBody(
      await api('GET', '/v1/households/mine', { token: owner.token }),
      200,
      householdSchema,
    );
    expect(after.members.map((m) => m.personId)).toEqual([
      ...household.members.map((m) => m.personId),
      added.personId,
    ]);
  });

  it('answers the retry of the add that made the household’s self, not ONE_SELF_ONLY', async () => {
    const { owner, household } = await newHousehold(GRIDS.households, [memberInput('spouse')]);
    const self = memberInput('self', { phone: null });
    const key = newKey();
    const added = expectBody(
      await addMember(owner.token, household.householdId, self, key),
      201,
      personSchema,
    );
    const retried = expectBody(
      await addMember(owner.token, household.householdId, self, key),
      200,
      personSchema,
    );
    expect(retried.personId).toBe(added.personId);
    const after = expectBody(
      await api('GET', '/v1/households/mine', { token: owner.token }),
      200,
      householdSchema,
    );
    expect(after.members.filter((m) => m.relation === 'self')).toHaveLength(1);
  });

  it('answers 400 IDEMPOTENCY_KEY_REQUIRED without a key and adds no one', async () => {
    const { owner, household } = await newHousehold(GRIDS.households);
    expectError(
      await api('POST', `/v1/households/${household.householdId}/members`, {
        token: owner.token,
        body: memberInput('child', { phone: null }),
      }),
      400,
      'IDEMPOTENCY_KEY_REQUIRED',
    );
    const after = expectBody(
      await api('GET', '/v1/households/mine', { token: owner.token }),
      200,
      householdSchema,
    );
    expect(after.members).toHaveLength(household.members.length);
  });
});
