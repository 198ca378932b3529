/**
 * Retention over HTTP: a released person's health reports, travel declarations and follow-ups,
 * and the household's supply requests, are purged RETENTION_DAYS after the release; a region's
 * people's records RETENTION_DAYS after its epidemic response is closed. DynamoDB Local never
 * expires items, so the local-only purgeExpiredItems job does what TTL does in AWS.
 *
 * Owns 丁庄街道 (370523003, 广饶县). Everything happens in 2001 (x-local-now, ?at=): the purge
 * deletes every item whose expiresAt has passed at the instant it runs, and no other test file
 * writes expiries that early.
 */
import { type AttributeValue, QueryCommand } from '@aws-sdk/client-dynamodb';
import {
  followUpSchema,
  gridSchema,
  localDateTime,
  personFileSchema,
  quarantineListSchema,
  quarantineSchema,
  regionClosureSchema,
  supplyRequestPageSchema,
  supplyRequestSchema,
} from '@grid/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api, drainStreams, newKey, runSchedule, stack } from './support/client';
import {
  demo,
  expectBody,
  expectError,
  memberOf,
  newGridworker,
  newHousehold,
  newStaff,
  type StaffSession,
  type TestHousehold,
} from './support/fixtures';
import { stackDynamo } from './support/in-process';

const STREET = '370523003';
const RELEASE_VILLAGE = '370523003201';
const CLOSED_VILLAGE = '370523003202';
const OPEN_VILLAGE = '370523003203';
const RETENTION_DAYS = Number(process.env.RETENTION_DAYS ?? 28);
const DAY_MS = 86_400_000;

/** An instant on a Shanghai wall clock in 2001. */
const at = (day: string, hhmm: string) => localDateTime(day, hhmm);
const clock = (instant: Date) => ({ 'x-local-now': instant.toISOString() });

const dynamo = stackDynamo();
afterAll(() => dynamo.destroy());

let admin: { token: string };

async function newGrid(villageCode: string): Promise<string> {
  const res = await api('POST', '/v1/grids', {
    token: admin.token,
    body: { villageCode, kind: 'basic', name: '留存测试网格' },
  });
  return expectBody(res, 201, gridSchema).gridCode;
}

/** The items of a partition with a sort-key prefix, read from the table itself. */
async function stored(pk: string, skPrefix: string): Promise<Array<Record<string, AttributeValue>>> {
  const out = await dynamo.send(
    new QueryCommand({
      TableName: stack().tableName,
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :p)',
      ExpressionAttributeValues: { ':pk': { S: pk }, ':p': { S: skPrefix } },
      ConsistentRead: true,
    }),
  );
  return out.Items ?? [];
}

const expiries = async (pk: string, skPrefix: string) =>
  (await stored(pk, skPrefix)).map((i) => (i.expiresAt?.N === undefined ? null : Number(i.expiresAt.N)));

async function report(token: string, personId: string, when: Date) {
  const res = await api('POST', `/v1/persons/${personId}/health-reports`, {
    token,
    body: { temperature: 36.5 },
    headers: { 'idempotency-key': newKey(), ...clock(when) },
  });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
}

async function place(gridworker: StaffSession, personId: string, when: Date, startDate: string) {
  const res = await api('POST', '/v1/quarantines', {
    token: gridworker.token,
    body: { personIds: [personId], reason: 'close_contact', startDate },
    headers: clock(when),
  });
  return expectBody(res, 201, quarantineListSchema).items[0]!.quarantineId;
}

async function askSupplies(h: TestHousehold, when: Date) {
  const res = await api('POST', `/v1/households/${h.household.householdId}/supply-requests`, {
    token: h.owner.token,
    body: { items: [{ kind: 'vegetables', quantity: 2 }] },
    headers: { 'idempotency-key': newKey(), ...clock(when) },
  });
  return expectBody(res, 201, supplyRequestSchema).requestId;
}

async function personFile(token: string, personId: string) {
  return expectBody(await api('GET', `/v1/persons/${personId}/file`, { token }), 200, personFileSchema);
}

async function supplyRequests(token: string, h: TestHousehold) {
  const res = await api('GET', `/v1/households/${h.household.householdId}/supply-requests`, { token });
  return expectBody(res, 200, supplyRequestPageSchema).items.map((r) => r.requestId);
}

const purgeAt = (instant: Date) => runSchedule('purgeExpiredItems', instant.toISOString());

beforeAll(async () => {
  admin = await demo('demo-admin');
});

describe('retention after a release from home quarantine', () => {
  const DAY = '2001-03-01';
  const placedAt = at(DAY, '08:00');
  const releasedAt = at('2001-03-05', '10:00');
  const expiresAt = new Date(releasedAt.getTime() + RETENTION_DAYS * DAY_MS);

  let gridworker: StaffSession;
  let released: TestHousehold;
  let stillQuarantined: TestHousehold;
  let quarantineId: string;
  let otherQuarantineId: string;
  let releasedSupply: string;
  let otherSupply: string;

  beforeAll(async () => {
    const grid = await newGrid(RELEASE_VILLAGE);
    gridworker = await newGridworker(grid);
    [released, stillQuarantined] = await Promise.all([newHousehold(grid), newHousehold(grid)]);
    const self = memberOf(released, 'self').person.personId;
    const spouse = memberOf(released, 'spouse').person.personId;
    const otherSelf = memberOf(stillQuarantined, 'self').person.personId;

    quarantineId = await place(gridworker, self, placedAt, DAY);
    otherQuarantineId = await place(gridworker, otherSelf, placedAt, DAY);
    await Promise.all([
      report(released.owner.token, self, at(DAY, '08:10')),
      report(released.owner.token, spouse, at(DAY, '08:10')),
      report(stillQuarantined.owner.token, otherSelf, at(DAY, '08:10')),
    ]);
    const travel = await api('POST', `/v1/persons/${self}/travel-declarations`, {
      token: released.owner.token,
      body: {
        originCode: '420102',
        departedOn: '2001-02-25',
        arrivedOn: '2001-02-26',
        transport: { kind: 'train', number: 'G1234' },
      },
      headers: { 'idempotency-key': newKey(), ...clock(at(DAY, '08:20')) },
    });
    expect(travel.status, JSON.stringify(travel.body)).toBe(201);
    const followUp = await api('POST', `/v1/quarantines/${quarantineId}/follow-ups`, {
      token: gridworker.token,
      body: { method: 'phone', temperature: 36.6 },
      headers: { 'idempotency-key': newKey(), ...clock(at(DAY, '17:00')) },
    });
    expectBody(followUp, 201, followUpSchema);
    [releasedSupply, otherSupply] = await Promise.all([
      askSupplies(released, at(DAY, '09:00')),
      askSupplies(stillQuarantined, at(DAY, '09:00')),
    ]);
    await drainStreams();

    const res = await api('POST', `/v1/quarantines/${quarantineId}/release`, {
      token: gridworker.token,
      body: { note: '期满解除', version: 1 },
      headers: clock(releasedAt),
    });
    expect(expectBody(res, 200, quarantineSchema).status).toBe('released');
    await drainStreams();
  });

  it('stamps the released person’s records and the household’s supply requests, nobody else’s', async () => {
    const self = `PERSON#${memberOf(released, 'self').person.personId}`;
    const due = Math.floor(expiresAt.getTime() / 1000);
    expect(await expiries(self, 'HR#')).toEqual([due]);
    expect(await expiries(self, 'TD#')).toEqual([due]);
    expect(await expiries(self, 'FU#')).toEqual([due]);
    expect(await expiries(`HH#${released.household.householdId}`, 'SR#')).toEqual([due]);
    // Only the released person's own records: the spouse's report and the other household stay.
    expect(await expiries(`PERSON#${memberOf(released, 'spouse').person.personId}`, 'HR#')).toEqual([null]);
    expect(await expiries(`PERSON#${memberOf(stillQuarantined, 'self').person.personId}`, 'HR#')).toEqual([
      null,
    ]);
    expect(await expiries(`HH#${stillQuarantined.household.householdId}`, 'SR#')).toEqual([null]);
  });

  it('keeps everything until the retention period ends, then purges only what was stamped', async () => {
    const self = memberOf(released, 'self').person.personId;
    const spouse = memberOf(released, 'spouse').person.personId;
    const otherSelf = memberOf(stillQuarantined, 'self').person.personId;

    await purgeAt(new Date(expiresAt.getTime() - 3_600_000));
    await drainStreams();
    let file = await personFile(gridworker.token, self);
    expect(file.healthReports).toHaveLength(1);
    expect(file.travelDeclarations).toHaveLength(1);
    expect(await stored(`PERSON#${self}`, 'FU#')).toHaveLength(1);
    expect(await supplyRequests(gridworker.token, released)).toEqual([releasedSupply]);

    await purgeAt(new Date(expiresAt.getTime() + 3_600_000));
    await drainStreams();
    file = await personFile(gridworker.token, self);
    expect(file.healthReports).toEqual([]);
    expect(file.travelDeclarations).toEqual([]);
    expect(await stored(`PERSON#${self}`, 'FU#')).toEqual([]);
    expect(await supplyRequests(gridworker.token, released)).toEqual([]);
    // The person, the household and the quarantine's own record stay.
    expect(file.person.personId).toBe(self);
    const q = await api('GET', `/v1/quarantines/${quarantineId}`, { token: gridworker.token });
    expect(expectBody(q, 200, quarantineSchema).status).toBe('released');

    // Untouched: the spouse's report, and the household whose member is still in quarantine.
    expect((await personFile(gridworker.token, spouse)).healthReports).toHaveLength(1);
    expect((await personFile(gridworker.token, otherSelf)).healthReports).toHaveLength(1);
    expect(await supplyRequests(gridworker.token, stillQuarantined)).toEqual([otherSupply]);
    const other = await api('GET', `/v1/quarantines/${otherQuarantineId}`, { token: gridworker.token });
    expect(expectBody(other, 200, quarantineSchema).status).toBe('active');
  });
});

describe('retention after the epidemic response closes for a region', () => {
  const DAY = '2001-06-01';
  const closedAt = at(DAY, '09:00');
  let gridworker: StaffSession;
  let closed: TestHousehold;
  let open: TestHousehold;

  beforeAll(async () => {
    const [closedGrid, openGrid] = await Promise.all([newGrid(CLOSED_VILLAGE), newGrid(OPEN_VILLAGE)]);
    gridworker = await newGridworker(closedGrid, openGrid);
    [closed, open] = await Promise.all([newHousehold(closedGrid), newHousehold(openGrid)]);
    await Promise.all([
      report(closed.owner.token, memberOf(closed, 'self').person.personId, at(DAY, '08:00')),
      report(open.owner.token, memberOf(open, 'self').person.personId, at(DAY, '08:00')),
    ]);
    await drainStreams();
  });

  const close = (token: string, code = CLOSED_VILLAGE) =>
    api('POST', `/v1/regions/${code}/response-closure`, {
      token,
      body: { note: '疫情应对结束' },
      headers: clock(closedAt),
    });

  it('is for centres and admins of the region, and for regions that exist', async () => {
    expectError(await close(gridworker.token), 403, 'FORBIDDEN_ROLE');
    const otherCentre = await newStaff({ role: 'centre', regionCode: '370523001' });
    expectError(await close(otherCentre.token), 403, 'FORBIDDEN_SCOPE');
    expectError(await close(admin.token, '370523003999'), 400, 'REGION_UNKNOWN');
    expectError(await close(admin.token, '37052300320'), 400, 'REGION_CODE_INVALID');
  });

  it('closes once, marks the region’s records in the background, and purges them after the retention period', async () => {
    const centre = await newStaff({ role: 'centre', regionCode: STREET });
    const first = expectBody(await close(centre.token), 201, regionClosureSchema);
    const purgeAfter = new Date(closedAt.getTime() + RETENTION_DAYS * DAY_MS);
    expect(first).toEqual({
      regionCode: CLOSED_VILLAGE,
      closedAt: closedAt.toISOString(),
      closedBy: centre.user.userId,
      note: '疫情应对结束',
      purgeAfter: purgeAfter.toISOString(),
      markedAt: null,
      itemsMarked: null,
    });
    // Closing again answers the first closure.
    expect(expectBody(await close(admin.token), 200, regionClosureSchema)).toEqual(first);

    const closedSelf = `PERSON#${memberOf(closed, 'self').person.personId}`;
    const openSelf = `PERSON#${memberOf(open, 'self').person.personId}`;
    // Nothing is marked on the request path.
    expect(await expiries(closedSelf, 'HR#')).toEqual([null]);

    const markedAt = new Date(closedAt.getTime() + 3_600_000);
    await runSchedule('markClosedRegions', markedAt.toISOString());
    const due = Math.floor(purgeAfter.getTime() / 1000);
    expect(await expiries(closedSelf, 'HR#')).toEqual([due]);
    expect(await expiries(openSelf, 'HR#')).toEqual([null]);
    const after = expectBody(await close(centre.token), 200, regionClosureSchema);
    expect(after).toMatchObject({ markedAt: markedAt.toISOString() });
    expect(after.itemsMarked).toBeGreaterThanOrEqual(1);

    await purgeAt(new Date(purgeAfter.getTime() - 3_600_000));
    expect((await personFile(gridworker.token, closedSelf.slice(7))).healthReports).toHaveLength(1);
    await purgeAt(new Date(purgeAfter.getTime() + 3_600_000));
    await drainStreams();
    expect((await personFile(gridworker.token, closedSelf.slice(7))).healthReports).toEqual([]);
    expect((await personFile(gridworker.token, openSelf.slice(7))).healthReports).toHaveLength(1);
  });
});
