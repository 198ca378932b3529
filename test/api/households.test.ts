import {
  createHouseholdResponseSchema,
  householdSchema,
  type MemberInput,
  makeIdNumber,
  meSchema,
  personSchema,
  validateIdNumber,
} from '@grid/shared';
import { beforeAll, describe, expect, it } from 'vitest';
import { api, newKey } from './support/client';
import {
  defaultMembers,
  expectBody,
  expectError,
  freshPhone,
  GRIDS,
  issuesOf,
  maskedId,
  maskedPhone,
  memberInput,
  memberOf,
  newGridworker,
  newHousehold,
  newResident,
  postHousehold,
  type StaffSession,
  UNKNOWN_GRID,
} from './support/fixtures';

const mine = (token: string) => api('GET', '/v1/households/mine', { token });
const addMember = (token: string, householdId: string, body: unknown) =>
  api('POST', `/v1/households/${householdId}/members`, {
    token,
    body,
    headers: { 'idempotency-key': newKey() },
  });
const updateMember = (token: string, householdId: string, personId: string, body: unknown) =>
  api('PATCH', `/v1/households/${householdId}/members/${personId}`, { token, body });

/** What the API must make of a member it was sent. */
function expectedPerson(input: MemberInput, grid: string) {
  const check = validateIdNumber(input.idNumber);
  if (!check.ok) throw new Error('fixture made an invalid ID number');
  return {
    name: input.name,
    relation: input.relation,
    gridCode: grid,
    idNumberMasked: maskedId(input.idNumber),
    phoneMasked: input.phone ? maskedPhone(input.phone) : null,
    birthDate: check.birthDate,
    sex: check.sex,
    version: 1,
  };
}

describe('POST /v1/households by a resident', () => {
  it('registers the household, masks personal data and hands out a session that reaches it', async () => {
    const resident = await newResident();
    const members = defaultMembers();
    const before = Date.now();
    const res = await postHousehold(resident.token, {
      address: '  东营区府前街 12 号 3 单元 501  ',
      gridCode: GRIDS.households,
      members,
    });
    const created = expectBody(res, 201, createHouseholdResponseSchema);
    expect(created.address).toBe('东营区府前街 12 号 3 单元 501');
    expect(created.gridCode).toBe(GRIDS.households);
    expect(created.householdId).toMatch(/^[0-9A-HJKMNP-TV-Z]{26}$/);
    expect(Date.parse(created.createdAt)).toBeGreaterThanOrEqual(before - 1000);
    expect(created.members).toHaveLength(3);
    for (const [i, input] of members.entries()) {
      expect(created.members[i]).toMatchObject({
        ...expectedPerson(input, GRIDS.households),
        householdId: created.householdId,
      });
      expect(created.members[i]?.idNumberMasked).toMatch(/^370502\*{8}\d{3}[\dX]$/);
    }
    const json = JSON.stringify(created);
    for (const m of members) {
      expect(json).not.toContain(m.idNumber);
      if (m.phone) expect(json).not.toContain(m.phone);
    }

    // The fresh session knows the household and the resident's own person.
    const session = created.session!;
    const self = created.members[0]!;
    const user = expectBody(await api('GET', '/v1/me', { token: session.token }), 200, meSchema);
    expect(user).toMatchObject({
      userId: resident.user.userId,
      householdId: created.householdId,
      personId: self.personId,
    });
    const { session: _session, ...household } = created;
    expect(expectBody(await mine(session.token), 200, householdSchema)).toEqual(household);
    // A token issued before the household existed still finds it.
    expect(expectBody(await mine(resident.token), 200, householdSchema)).toEqual(household);
  });

  it('answers a retry with the same Idempotency-Key with the same household, another request with 409', async () => {
    const resident = await newResident();
    const body = { gridCode: GRIDS.households, members: defaultMembers() };
    const key = newKey();
    const created = expectBody(
      await postHousehold(resident.token, body, key),
      201,
      createHouseholdResponseSchema,
    );

    // The phone never saw the answer: it retries with its old token …
    const retried = expectBody(
      await postHousehold(resident.token, body, key),
      200,
      createHouseholdResponseSchema,
    );
    expect({ ...retried, session: null }).toEqual({ ...created, session: null });
    expect(retried.session?.token).toEqual(expect.any(String));
    // … or with the new one.
    const again = expectBody(
      await postHousehold(created.session!.token, body, key),
      200,
      createHouseholdResponseSchema,
    );
    expect(again.householdId).toBe(created.householdId);

    expectError(await postHousehold(resident.token, body, newKey()), 409, 'HOUSEHOLD_EXISTS');
    expectError(await postHousehold(created.session!.token, body, newKey()), 409, 'HOUSEHOLD_EXISTS');
  });

  it('answers 400 GRID_UNKNOWN for a well-formed grid code no grid has', async () => {
    const resident = await newResident();
    expectError(
      await postHousehold(resident.token, { gridCode: UNKNOWN_GRID, members: defaultMembers() }),
      400,
      'GRID_UNKNOWN',
    );
    expectError(await mine(resident.token), 404, 'NOT_FOUND');
  });

  it('refuses a household with one ID number twice or two "self" members', async () => {
    const resident = await newResident();
    const self = memberInput('self');
    const twice = expectError(
      await postHousehold(resident.token, {
        gridCode: GRIDS.households,
        members: [self, { ...memberInput('child'), idNumber: self.idNumber }],
      }),
      400,
      'VALIDATION_FAILED',
    );
    expect(issuesOf(twice)[0]?.message).toBe('ID_NUMBER_DUPLICATED');
    const twoSelves = expectError(
      await postHousehold(resident.token, {
        gridCode: GRIDS.households,
        members: [self, memberInput('self')],
      }),
      400,
      'VALIDATION_FAILED',
    );
    expect(issuesOf(twoSelves)[0]?.message).toBe('ONE_SELF_ONLY');
    expectError(await mine(resident.token), 404, 'NOT_FOUND');
  });

  it('answers 404 NOT_FOUND for a resident without a household', async () => {
    const resident = await newResident();
    expectError(await mine(resident.token), 404, 'NOT_FOUND');
  });
});

describe('POST /v1/households by a gridworker', () => {
  let gridworker: StaffSession;
  beforeAll(async () => {
    gridworker = await newGridworker(GRIDS.households);
  });

  it('registers a household of its grid without a session', async () => {
    const members = [memberInput('self', { phone: null }), memberInput('spouse')];
    const created = expectBody(
      await postHousehold(gridworker.token, { gridCode: GRIDS.households, members }),
      201,
      createHouseholdResponseSchema,
    );
    expect(created.session).toBeNull();
    expect(created.members.map((m) => m.idNumberMasked)).toEqual(members.map((m) => maskedId(m.idNumber)));

    // It may then look after the household.
    const added = expectBody(
      await addMember(gridworker.token, created.householdId, memberInput('child', { phone: null })),
      201,
      personSchema,
    );
    expect(added.householdId).toBe(created.householdId);
  });

  it('answers a retried registration with the household it created, not a second one', async () => {
    const members = defaultMembers();
    const key = newKey();
    const first = expectBody(
      await postHousehold(gridworker.token, { gridCode: GRIDS.households, members }, key),
      201,
      createHouseholdResponseSchema,
    );
    const retry = expectBody(
      await postHousehold(gridworker.token, { gridCode: GRIDS.households, members }, key),
      200,
      createHouseholdResponseSchema,
    );
    expect(retry.householdId).toBe(first.householdId);
    expect(retry.members.map((m) => m.personId)).toEqual(first.members.map((m) => m.personId));
    expectError(
      await postHousehold(
        gridworker.token,
        { gridCode: GRIDS.households, address: '另一个地址', members },
        key,
      ),
      422,
      'IDEMPOTENCY_KEY_REUSED',
    );
  });

  it('answers 403 FORBIDDEN_SCOPE for another grid', async () => {
    expectError(
      await postHousehold(gridworker.token, { gridCode: GRIDS.householdsOther, members: defaultMembers() }),
      403,
      'FORBIDDEN_SCOPE',
    );
  });

  it('answers 404 NOT_FOUND on GET /v1/households/mine: the gridworker has no household of its own', async () => {
    expectError(await mine(gridworker.token), 404, 'NOT_FOUND');
  });
});

describe('household members', () => {
  it('adds a member, refuses the same ID number twice, and shows the member in the household', async () => {
    const { owner, household } = await newHousehold(GRIDS.households);
    const child = memberInput('child', { phone: null });
    const added = expectBody(await addMember(owner.token, household.householdId, child), 201, personSchema);
    expect(added).toMatchObject({
      ...expectedPerson(child, GRIDS.households),
      householdId: household.householdId,
    });

    expectError(
      await addMember(owner.token, household.householdId, {
        ...memberInput('other'),
        idNumber: child.idNumber,
      }),
      409,
      'PERSON_EXISTS',
    );
    // The same number written another way (lower-case x, spaces) is the same person.
    const sameId = child.idNumber.endsWith('X')
      ? `${child.idNumber.slice(0, 6)} ${child.idNumber.slice(6, 17)}x`
      : ` ${child.idNumber.slice(0, 6)} ${child.idNumber.slice(6)} `;
    expectError(
      await addMember(owner.token, household.householdId, { ...memberInput('other'), idNumber: sameId }),
      409,
      'PERSON_EXISTS',
    );
    const after = expectBody(await mine(owner.token), 200, householdSchema);
    expect(after.members.map((m) => m.personId)).toEqual([
      ...household.members.map((m) => m.personId),
      added.personId,
    ]);
  });

  it('refuses a second "self" member', async () => {
    const { owner, household } = await newHousehold(GRIDS.households);
    const error = expectError(
      await addMember(owner.token, household.householdId, memberInput('self')),
      400,
      'VALIDATION_FAILED',
    );
    expect(issuesOf(error)[0]?.message).toBe('ONE_SELF_ONLY');
  });

  it('updates a member at the version read and refuses a stale version', async () => {
    const h = await newHousehold(GRIDS.households);
    const spouse = memberOf(h, 'spouse').person;
    const url = [h.owner.token, h.household.householdId, spouse.personId] as const;
    const phone = freshPhone();

    const updated = expectBody(
      await updateMember(...url, { name: '新名字', phone, version: 1 }),
      200,
      personSchema,
    );
    expect(updated).toEqual({ ...spouse, name: '新名字', phoneMasked: maskedPhone(phone), version: 2 });

    const conflict = expectError(
      await updateMember(...url, { name: '旧版本', version: 1 }),
      409,
      'VERSION_CONFLICT',
    );
    expect(conflict.details).toEqual({ currentVersion: 2 });

    const cleared = expectBody(
      await updateMember(...url, { phone: null, relation: 'other', version: 2 }),
      200,
      personSchema,
    );
    expect(cleared).toMatchObject({ name: '新名字', phoneMasked: null, relation: 'other', version: 3 });

    const household = expectBody(await mine(h.owner.token), 200, householdSchema);
    expect(household.members.find((m) => m.personId === spouse.personId)).toEqual(cleared);
  });

  it('lets exactly one of two simultaneous updates at one version win', async () => {
    const h = await newHousehold(GRIDS.households);
    const parent = memberOf(h, 'parent').person;
    const answers = await Promise.all(
      ['甲', '乙', '丙'].map((name) =>
        updateMember(h.owner.token, h.household.householdId, parent.personId, { name, version: 1 }),
      ),
    );
    expect(answers.map((a) => a.status).sort()).toEqual([200, 409, 409]);
    for (const a of answers.filter((x) => x.status === 409)) expectError(a, 409, 'VERSION_CONFLICT');
  });

  it('answers 400 when there is nothing to update', async () => {
    const h = await newHousehold(GRIDS.households);
    const self = memberOf(h, 'self').person;
    const error = expectError(
      await updateMember(h.owner.token, h.household.householdId, self.personId, { version: 1 }),
      400,
      'VALIDATION_FAILED',
    );
    expect(issuesOf(error)[0]?.message).toBe('NOTHING_TO_UPDATE');
  });

  it('answers 403 FORBIDDEN_SCOPE to another resident', async () => {
    const h = await newHousehold(GRIDS.households);
    const stranger = await newHousehold(GRIDS.households);
    const self = memberOf(h, 'self').person;
    expectError(
      await updateMember(stranger.owner.token, h.household.householdId, self.personId, {
        name: '改名',
        version: 1,
      }),
      403,
      'FORBIDDEN_SCOPE',
    );
    expectError(
      await addMember(stranger.owner.token, h.household.householdId, memberInput('other')),
      403,
      'FORBIDDEN_SCOPE',
    );
    // The member is unchanged.
    const household = expectBody(await mine(h.owner.token), 200, householdSchema);
    expect(household.members[0]).toEqual(self);
  });

  it('refuses an ID number whose birth date lies in the future', async () => {
    const { owner, household } = await newHousehold(GRIDS.households);
    const future = makeIdNumber('370502', `${new Date().getFullYear() + 1}-01-01`, '001');
    const error = expectError(
      await addMember(owner.token, household.householdId, { ...memberInput('other'), idNumber: future }),
      400,
      'ID_NUMBER_INVALID',
    );
    expect(issuesOf(error)[0]?.path).toBe('body.idNumber');
  });
});
