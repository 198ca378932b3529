/**
 * Regions and grids over HTTP: importing the division codes, drilling down with scope, creating
 * grids (and the bad codes), assigning staff, moving a household with its quarantine.
 * Grids are created here under 东城街道 (370502003), which no other test file uses.
 */
import {
  gridSchema,
  healthReportListSchema,
  householdSchema,
  importRegionsResponseSchema,
  localDate,
  loginResponseSchema,
  moveHouseholdResponseSchema,
  quarantineBoardSchema,
  quarantineListSchema,
  quarantineSchema,
  regionChildrenSchema,
  staffSchema,
} from '@grid/shared';
import { beforeAll, describe, expect, it } from 'vitest';
import { api, login } from './support/client';
import {
  createStaff,
  demo,
  expectBody,
  expectError,
  freshOpenid,
  freshPhone,
  newGridworker,
  newHousehold,
  postHealthReport,
  unknownId,
} from './support/fixtures';

const STREET = '370502003';
/** Communities of 东城街道, one per group of tests. */
const V_CREATE = '370502003001';
const V_STAFF = '370502003005';
const V_MOVE = '370502003006';

async function adminToken() {
  return (await demo('demo-admin')).token;
}

function postGrid(token: string, body: Record<string, unknown>) {
  return api('POST', '/v1/grids', { token, body });
}

async function newGrid(villageCode: string, name = '测试网格'): Promise<string> {
  const res = await postGrid(await adminToken(), { villageCode, kind: 'basic', name });
  return expectBody(res, 201, gridSchema).gridCode;
}

/** A gridworker registered by the admin and bound from a WeChat identity the test can sign in with again. */
async function gridworkerWithLogin(grids: string[]) {
  const phone = freshPhone();
  const staff = expectBody(
    await createStaff(await adminToken(), {
      role: 'gridworker',
      name: '测试调配网格员',
      phone,
      gridCodes: grids,
    }),
    201,
    staffSchema,
  );
  const openid = freshOpenid('hier');
  const first = await login(openid);
  const bound = await api('POST', '/v1/auth/phone', {
    token: first.token,
    body: { code: `test-phone:${phone}` },
  });
  return { staff, openid, token: expectBody(bound, 200, loginResponseSchema).token };
}

describe('region import', () => {
  it('imports Dongying idempotently: a re-import writes nothing', async () => {
    const token = await adminToken();
    const res = await api('POST', '/v1/regions/import', { token, body: { cityCode: '3705' } });
    const out = expectBody(res, 200, importRegionsResponseSchema);
    expect(out.levels).toEqual({
      city: { total: 1, written: 0 },
      county: { total: 7, written: 0 },
      township: { total: 52, written: 0 },
      village: { total: 1921, written: 0 },
    });
  });

  it('answers 400 REGION_DATA_MISSING for a city the repository has no codes for', async () => {
    const res = await api('POST', '/v1/regions/import', {
      token: await adminToken(),
      body: { cityCode: '3701' },
    });
    expectError(res, 400, 'REGION_DATA_MISSING');
    expectError(
      await api('POST', '/v1/regions/import', { token: await adminToken(), body: { cityCode: '37050' } }),
      400,
      'REGION_CODE_INVALID',
    );
  });

  it('is for admins only', async () => {
    const centre = await demo('demo-street');
    expectError(
      await api('POST', '/v1/regions/import', { token: centre.token, body: { cityCode: '3705' } }),
      403,
      'FORBIDDEN_ROLE',
    );
  });
});

describe('creating grids', () => {
  it('takes the next free sequence, or the one given; a taken one is 409 GRID_EXISTS', async () => {
    const token = await adminToken();
    const first = expectBody(
      await postGrid(token, { villageCode: V_CREATE, kind: 'basic', name: '府前第一网格' }),
      201,
      gridSchema,
    );
    expect(first).toMatchObject({
      gridCode: `${V_CREATE}001`,
      kind: 'basic',
      dedicatedKind: null,
      villageCode: V_CREATE,
    });
    const fifth = expectBody(
      await postGrid(token, { villageCode: V_CREATE, kind: 'basic', name: '府前第五网格', sequence: 5 }),
      201,
      gridSchema,
    );
    expect(fifth.gridCode).toBe(`${V_CREATE}005`);
    const next = expectBody(
      await postGrid(token, { villageCode: V_CREATE, kind: 'basic', name: '府前第二网格' }),
      201,
      gridSchema,
    );
    expect(next.gridCode).toBe(`${V_CREATE}002`);

    const duplicate = await postGrid(token, {
      villageCode: V_CREATE,
      kind: 'basic',
      name: '重复',
      sequence: 5,
    });
    expect(expectError(duplicate, 409, 'GRID_EXISTS').details).toEqual({ gridCode: `${V_CREATE}005` });
  });

  it('creates dedicated grids (专属网格) with their kind, which basic grids may not carry', async () => {
    const token = await adminToken();
    const school = expectBody(
      await postGrid(token, {
        villageCode: V_CREATE,
        kind: 'dedicated',
        dedicatedKind: 'school',
        name: '东营市第一中学专属网格',
      }),
      201,
      gridSchema,
    );
    expect(school).toMatchObject({ kind: 'dedicated', dedicatedKind: 'school' });
    expectError(
      await postGrid(token, { villageCode: V_CREATE, kind: 'dedicated', name: '缺类型' }),
      400,
      'VALIDATION_FAILED',
    );
    expectError(
      await postGrid(token, {
        villageCode: V_CREATE,
        kind: 'basic',
        dedicatedKind: 'market',
        name: '多类型',
      }),
      400,
      'VALIDATION_FAILED',
    );
  });

  it('lists the new grids as the village’s children', async () => {
    const token = await adminToken();
    const grid = await newGrid(V_CREATE, '府前列表网格');
    const res = expectBody(
      await api('GET', `/v1/regions/${V_CREATE}/children`, { token }),
      200,
      regionChildrenSchema,
    );
    expect(res).toMatchObject({ code: V_CREATE, level: 'village', parentCode: STREET, inScope: true });
    expect(res.children.find((c) => c.code === grid)).toMatchObject({ name: '府前列表网格', level: 'grid' });
    expect(res.children.every((c) => c.level === 'grid' && c.code.startsWith(V_CREATE))).toBe(true);
  });

  it('refuses a street code, an unknown village, a malformed code and a sequence out of range', async () => {
    const token = await adminToken();
    const street = await postGrid(token, { villageCode: STREET, kind: 'basic', name: '街道下' });
    expect(expectError(street, 400, 'NOT_A_VILLAGE').details).toEqual({ code: STREET, level: 'township' });
    expectError(
      await postGrid(token, { villageCode: `${STREET}999`, kind: 'basic', name: '不存在' }),
      400,
      'REGION_UNKNOWN',
    );
    expectError(
      await postGrid(token, { villageCode: '3705020030', kind: 'basic', name: '十位' }),
      400,
      'REGION_CODE_INVALID',
    );
    expectError(
      await postGrid(token, { villageCode: 'abc', kind: 'basic', name: '字母' }),
      400,
      'REGION_CODE_INVALID',
    );
    expectError(
      await postGrid(token, { villageCode: V_CREATE, kind: 'basic', name: '超范围', sequence: 1000 }),
      400,
      'VALIDATION_FAILED',
    );
  });

  it('keeps centres to their scope and gridworkers out', async () => {
    const centre = await demo('demo-street');
    expectError(
      await postGrid(centre.token, { villageCode: V_CREATE, kind: 'basic', name: '越界' }),
      403,
      'FORBIDDEN_SCOPE',
    );
    const gridworker = await demo('demo-gw1');
    expectError(
      await postGrid(gridworker.token, { villageCode: V_CREATE, kind: 'basic', name: '网格员' }),
      403,
      'FORBIDDEN_ROLE',
    );
  });
});

describe('drill-down', () => {
  it('lists a city’s districts and a street’s communities for the admin', async () => {
    const token = await adminToken();
    const city = expectBody(
      await api('GET', '/v1/regions/3705/children', { token }),
      200,
      regionChildrenSchema,
    );
    expect(city).toMatchObject({ code: '3705', name: '东营市', level: 'city', inScope: true });
    expect(city.children).toHaveLength(7);
    expect(city.children[0]).toMatchObject({ code: '370502', name: '东营区', level: 'county' });
    const street = expectBody(
      await api('GET', `/v1/regions/${STREET}/children`, { token }),
      200,
      regionChildrenSchema,
    );
    expect(street.name).toBe('东城街道');
    expect(street.children).toHaveLength(22);
    expect(street.children.every((c) => c.level === 'village')).toBe(true);
  });

  it('shows a street centre its street fully, and above it only the way down', async () => {
    const centre = await demo('demo-street');
    const own = expectBody(
      await api('GET', '/v1/regions/370502001/children', { token: centre.token }),
      200,
      regionChildrenSchema,
    );
    expect(own.inScope).toBe(true);
    expect(own.children.length).toBeGreaterThan(3);
    expect(own.children.every((c) => c.code.startsWith('370502001'))).toBe(true);

    const district = expectBody(
      await api('GET', '/v1/regions/370502/children', { token: centre.token }),
      200,
      regionChildrenSchema,
    );
    expect(district.inScope).toBe(false);
    expect(district.children.map((c) => c.code)).toEqual(['370502001']);
    const city = expectBody(
      await api('GET', '/v1/regions/3705/children', { token: centre.token }),
      200,
      regionChildrenSchema,
    );
    expect(city.children.map((c) => c.code)).toEqual(['370502']);

    expectError(
      await api('GET', `/v1/regions/${STREET}/children`, { token: centre.token }),
      403,
      'FORBIDDEN_SCOPE',
    );
    expectError(
      await api('GET', '/v1/regions/370503/children', { token: centre.token }),
      403,
      'FORBIDDEN_SCOPE',
    );
  });

  it('shows a gridworker its own grid under its community, and nothing beside it', async () => {
    const gw = await demo('demo-gw2'); // grid 370502001011003
    const village = expectBody(
      await api('GET', '/v1/regions/370502001011/children', { token: gw.token }),
      200,
      regionChildrenSchema,
    );
    expect(village.children.map((c) => ({ code: c.code, level: c.level }))).toEqual([
      { code: '370502001011003', level: 'grid' },
    ]);
    expectError(
      await api('GET', '/v1/regions/370502001013/children', { token: gw.token }),
      403,
      'FORBIDDEN_SCOPE',
    );
  });

  it('answers 400 for unknown and malformed codes, 403 for residents', async () => {
    const token = await adminToken();
    expectError(await api('GET', `/v1/regions/${STREET}999/children`, { token }), 400, 'REGION_UNKNOWN');
    expectError(await api('GET', '/v1/regions/12345/children', { token }), 400, 'REGION_CODE_INVALID');
    const resident = await demo('demo-res1');
    expectError(
      await api('GET', '/v1/regions/3705/children', { token: resident.token }),
      403,
      'FORBIDDEN_ROLE',
    );
  });
});

describe('assigning staff', () => {
  let gridA: string;
  let gridB: string;
  beforeAll(async () => {
    gridA = await newGrid(V_STAFF, '辽河甲网格');
    gridB = await newGrid(V_STAFF, '辽河乙网格');
  });

  it('adds a grid to a gridworker, effective at the next sign-in, and takes it off again', async () => {
    const token = await adminToken();
    const gw = await gridworkerWithLogin([gridA]);
    const assigned = expectBody(
      await api('POST', `/v1/grids/${gridB}/staff`, { token, body: { userId: gw.staff.userId } }),
      200,
      staffSchema,
    );
    expect(assigned.scopes).toEqual([gridA, gridB]);
    // Assigning again changes nothing.
    const again = await api('POST', `/v1/grids/${gridB}/staff`, { token, body: { userId: gw.staff.userId } });
    expect(expectBody(again, 200, staffSchema).scopes).toEqual([gridA, gridB]);

    // The token in hand still carries the old scopes.
    expectError(
      await api('GET', `/v1/grids/${gridB}/quarantine-board`, { token: gw.token }),
      403,
      'FORBIDDEN_SCOPE',
    );
    const relogin = await login(gw.openid);
    expect(relogin.user.scopes).toEqual([gridA, gridB]);
    const board = await api('GET', `/v1/grids/${gridB}/quarantine-board`, { token: relogin.token });
    expect(expectBody(board, 200, quarantineBoardSchema).gridCode).toBe(gridB);

    const removed = await api('DELETE', `/v1/grids/${gridB}/staff/${gw.staff.userId}`, { token });
    expect(expectBody(removed, 200, staffSchema).scopes).toEqual([gridA]);
    expect((await login(gw.openid)).user.scopes).toEqual([gridA]);
    const removedAgain = await api('DELETE', `/v1/grids/${gridB}/staff/${gw.staff.userId}`, { token });
    expect(expectBody(removedAgain, 200, staffSchema).scopes).toEqual([gridA]);
  });

  it('refuses grids and staff outside the caller’s scope, non-staff users and unknown grids', async () => {
    const admin = await adminToken();
    const centre = await demo('demo-street');
    const gw = await gridworkerWithLogin([gridA]);
    // The street centre covers neither the grid nor the gridworker.
    expectError(
      await api('POST', `/v1/grids/${gridB}/staff`, {
        token: centre.token,
        body: { userId: gw.staff.userId },
      }),
      403,
      'FORBIDDEN_SCOPE',
    );
    // Its own grid, but another street's gridworker.
    expectError(
      await api('POST', '/v1/grids/370502001011003/staff', {
        token: centre.token,
        body: { userId: gw.staff.userId },
      }),
      403,
      'FORBIDDEN_SCOPE',
    );
    expectError(
      await api('POST', `/v1/grids/${gridB}/staff`, { token: admin, body: { userId: unknownId() } }),
      403,
      'FORBIDDEN_SCOPE',
    );
    expectError(
      await api('POST', `/v1/grids/${gridB}/staff`, { token: admin, body: { userId: centre.user.userId } }),
      400,
      'STAFF_UNKNOWN',
    );
    expectError(
      await api('POST', `/v1/grids/${V_STAFF}999/staff`, { token: admin, body: { userId: gw.staff.userId } }),
      400,
      'GRID_UNKNOWN',
    );
    expectError(
      await api('POST', `/v1/grids/${gridB}/staff`, { token: gw.token, body: { userId: gw.staff.userId } }),
      403,
      'FORBIDDEN_ROLE',
    );
  });
});

describe('moving a household', () => {
  let gridA: string;
  let gridB: string;
  beforeAll(async () => {
    gridA = await newGrid(V_MOVE, '明月甲网格');
    gridB = await newGrid(V_MOVE, '明月乙网格');
  });

  it('moves the members, their reports and their active quarantine to the new grid', async () => {
    const gw = await newGridworker(gridA, gridB);
    const h = await newHousehold(gridA);
    const self = h.members[0]!.person;
    const parent = h.members[2]!.person;
    expect((await postHealthReport(h.owner.token, self.personId, { temperature: 36.6 })).status).toBe(201);
    const placed = await api('POST', '/v1/quarantines', {
      token: gw.token,
      body: { personIds: [parent.personId], reason: 'close_contact' },
    });
    const quarantineId = expectBody(placed, 201, quarantineListSchema).items[0]!.quarantineId;

    const res = await api('POST', `/v1/households/${h.household.householdId}/move`, {
      token: gw.token,
      body: { gridCode: gridB, version: 1 },
    });
    const moved = expectBody(res, 200, moveHouseholdResponseSchema);
    expect(moved).toMatchObject({
      fromGridCode: gridA,
      gridCode: gridB,
      version: 2,
      quarantineIds: [quarantineId],
    });
    expect(moved.personIds).toHaveLength(3);

    const mine = expectBody(
      await api('GET', '/v1/households/mine', { token: h.owner.token }),
      200,
      householdSchema,
    );
    expect(mine.gridCode).toBe(gridB);
    expect(mine.members.every((m) => m.gridCode === gridB)).toBe(true);

    const today = localDate(new Date());
    const reports = await api(
      'GET',
      `/v1/persons/${self.personId}/health-reports?from=${today}&to=${today}`,
      { token: gw.token },
    );
    expect(expectBody(reports, 200, healthReportListSchema).items).toHaveLength(1);

    const boardB = expectBody(
      await api('GET', `/v1/grids/${gridB}/quarantine-board`, { token: gw.token }),
      200,
      quarantineBoardSchema,
    );
    expect(boardB.items.map((i) => i.quarantineId)).toEqual([quarantineId]);
    const boardA = expectBody(
      await api('GET', `/v1/grids/${gridA}/quarantine-board`, { token: gw.token }),
      200,
      quarantineBoardSchema,
    );
    expect(boardA.items).toEqual([]);
    const quarantine = expectBody(
      await api('GET', `/v1/quarantines/${quarantineId}`, { token: gw.token }),
      200,
      quarantineSchema,
    );
    expect(quarantine.gridCode).toBe(gridB);

    // A gridworker of the old grid only no longer sees the moved person.
    const oldOnly = await newGridworker(gridA);
    expectError(
      await api('GET', `/v1/persons/${self.personId}/health-reports?from=${today}&to=${today}`, {
        token: oldOnly.token,
      }),
      403,
      'FORBIDDEN_SCOPE',
    );

    // The version read before the move is stale now.
    const stale = await api('POST', `/v1/households/${h.household.householdId}/move`, {
      token: gw.token,
      body: { gridCode: gridA, version: 1 },
    });
    expect(expectError(stale, 409, 'VERSION_CONFLICT').details).toEqual({ version: 2 });
  });

  it('refuses a move out of the caller’s scope, to an unknown grid, or of an unknown household', async () => {
    const h = await newHousehold(gridA);
    const id = h.household.householdId;
    const onlyA = await newGridworker(gridA);
    expectError(
      await api('POST', `/v1/households/${id}/move`, { token: onlyA.token, body: { gridCode: gridB } }),
      403,
      'FORBIDDEN_SCOPE',
    );
    const centre = await demo('demo-street');
    expectError(
      await api('POST', `/v1/households/${id}/move`, {
        token: centre.token,
        body: { gridCode: '370502001011003' },
      }),
      403,
      'FORBIDDEN_SCOPE',
    );
    const admin = await adminToken();
    expectError(
      await api('POST', `/v1/households/${id}/move`, { token: admin, body: { gridCode: `${V_MOVE}999` } }),
      400,
      'GRID_UNKNOWN',
    );
    expectError(
      await api('POST', `/v1/households/${unknownId()}/move`, { token: admin, body: { gridCode: gridB } }),
      403,
      'FORBIDDEN_SCOPE',
    );
    expectError(
      await api('POST', `/v1/households/${id}/move`, { token: admin, body: { gridCode: '37050200300' } }),
      400,
      'GRID_CODE_INVALID',
    );
    expectError(
      await api('POST', `/v1/households/${id}/move`, { token: h.owner.token, body: { gridCode: gridB } }),
      403,
      'FORBIDDEN_ROLE',
    );
    // The admin covers both grids.
    const res = await api('POST', `/v1/households/${id}/move`, { token: admin, body: { gridCode: gridB } });
    expect(expectBody(res, 200, moveHouseholdResponseSchema)).toMatchObject({
      gridCode: gridB,
      version: 2,
      quarantineIds: [],
    });
  });
});
