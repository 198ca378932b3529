/**
 * Village checkpoints over HTTP: setting them up and who may, the duty roster with sign-in/out,
 * the entry log written once per Idempotency-Key, bad input refused with nothing half-written, and
 * the figures — per checkpoint and day, and up to the township through the stats pipeline — equal
 * to a recount of the entries read back page by page. This file owns 大王镇 (370523101, 广饶县):
 * no other test writes there. A reused stack keeps earlier runs' counts, so each run makes new
 * checkpoints and compares the township's statistics before and after.
 */
import { UpdateItemCommand } from '@aws-sdk/client-dynamodb';
import {
  addDays,
  type Checkpoint,
  type CreateEntryRequest,
  checkpointFiguresSchema,
  checkpointListSchema,
  checkpointSchema,
  countEntries,
  type Entry,
  entryFlowMetrics,
  entryPageSchema,
  entrySchema,
  FLOW_METRICS,
  type FlowMetric,
  localDate,
  localDateTime,
  regionStatsSchema,
  type Shift,
  shiftListSchema,
  shiftSchema,
} from '@grid/shared';
import { beforeAll, describe, expect, it } from 'vitest';
import { api, drainStreams, newKey, runSchedule, stack } from './support/client';
import {
  demo,
  expectBody,
  expectError,
  newGrid,
  newGridworker,
  newResident,
  newStaff,
  type Session,
  type StaffSession,
  unknownId,
} from './support/fixtures';
import { stackDynamo } from './support/in-process';

const TOWNSHIP = '370523101'; // 大王镇: only this file writes here
const VILLAGE = '370523101001'; // 花园社区
const OTHER_VILLAGE = '370523101002'; // 中心社区

let admin: Session;
let centre: StaffSession;
let gridworker: StaffSession;
let volunteer: StaffSession;
let outsider: StaffSession;
let grid = '';
let gate: Checkpoint;

/** One instant for every entry of the run, an hour ago: all of them land on one Shanghai day. */
const AT = new Date(Date.now() - 3_600_000).toISOString();
const DAY = localDate(AT);

const post = (token: string, path: string, body: unknown, headers: Record<string, string> = {}) =>
  api('POST', path, { token, body, headers });
const assignShift = (token: string, checkpointId: string, body: unknown, key: string = newKey()) =>
  post(token, `/v1/checkpoints/${checkpointId}/shifts`, body, { 'idempotency-key': key });
const logEntry = (token: string, checkpointId: string, body: CreateEntryRequest, key: string = newKey()) =>
  post(token, `/v1/checkpoints/${checkpointId}/entries`, body, { 'idempotency-key': key });

async function newCheckpoint(token: string, regionCode: string, name = '花园社区东门'): Promise<Checkpoint> {
  return expectBody(
    await post(token, '/v1/checkpoints', {
      regionCode,
      name,
      kind: 'village_entrance',
      hours: { opens: '06:00', closes: '22:00' },
    }),
    201,
    checkpointSchema,
  );
}

async function figures(token: string, checkpointId: string) {
  return expectBody(
    await api('GET', `/v1/checkpoints/${checkpointId}/figures?date=${DAY}`, { token }),
    200,
    checkpointFiguresSchema,
  ).figures;
}

/** Every entry of a checkpoint's day, read page by page. */
async function allEntries(token: string, checkpointId: string, limit = 7): Promise<Entry[]> {
  const out: Entry[] = [];
  let cursor: string | null = null;
  do {
    const query: string = `date=${DAY}&limit=${limit}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`;
    const page = expectBody(
      await api('GET', `/v1/checkpoints/${checkpointId}/entries?${query}`, { token }),
      200,
      entryPageSchema,
    );
    out.push(...page.items);
    cursor = page.nextCursor;
  } while (cursor);
  return out;
}

async function flows(code: string) {
  return expectBody(
    await api('GET', `/v1/stats/${code}?date=${DAY}`, { token: admin.token }),
    200,
    regionStatsSchema,
  ).flows;
}

beforeAll(async () => {
  admin = await demo('demo-admin');
  grid = (await newGrid(VILLAGE)).gridCode;
  const otherGrid = (await newGrid(OTHER_VILLAGE)).gridCode;
  [centre, gridworker, volunteer, outsider] = await Promise.all([
    newStaff({ role: 'centre', regionCode: TOWNSHIP }),
    newGridworker(grid),
    newStaff({ role: 'volunteer', grids: [grid] }),
    newGridworker(otherGrid),
  ]);
  gate = await newCheckpoint(centre.token, VILLAGE);
});

describe('checkpoints', () => {
  it('are set up by the centre or a gridworker of the village, for a village or a grid', async () => {
    expect(gate).toMatchObject({ regionCode: VILLAGE, villageCode: VILLAGE, kind: 'village_entrance' });
    // A gridworker's scope is its grid, narrower than the village: it still mans the village's gates.
    const byGridworker = await newCheckpoint(gridworker.token, VILLAGE, '花园社区北门');
    const onGrid = await newCheckpoint(gridworker.token, grid, '3号楼门岗');
    expect(onGrid.villageCode).toBe(VILLAGE);
    const listed = expectBody(
      await api('GET', `/v1/checkpoints?regionCode=${VILLAGE}`, { token: volunteer.token }),
      200,
      checkpointListSchema,
    );
    expect(listed.items.map((c) => c.checkpointId)).toEqual(
      expect.arrayContaining([gate.checkpointId, byGridworker.checkpointId, onGrid.checkpointId]),
    );
    const ofGrid = expectBody(
      await api('GET', `/v1/checkpoints?regionCode=${grid}`, { token: gridworker.token }),
      200,
      checkpointListSchema,
    );
    expect(ofGrid.items.map((c) => c.checkpointId)).toEqual([onGrid.checkpointId]);
    expectBody(
      await api('GET', `/v1/checkpoints/${gate.checkpointId}`, { token: volunteer.token }),
      200,
      checkpointSchema,
    );
  });

  it('are out of reach outside the scope, and refused from residents', async () => {
    const resident = await newResident('cp');
    const body = { regionCode: VILLAGE, name: '西门', kind: 'road' };
    expectError(await post(outsider.token, '/v1/checkpoints', body), 403, 'FORBIDDEN_SCOPE');
    expectError(await post(resident.token, '/v1/checkpoints', body), 403, 'FORBIDDEN_ROLE');
    expectError(
      await api('GET', `/v1/checkpoints?regionCode=${VILLAGE}`, { token: outsider.token }),
      403,
      'FORBIDDEN_SCOPE',
    );
    expectError(
      await api('GET', `/v1/checkpoints/${gate.checkpointId}`, { token: outsider.token }),
      403,
      'FORBIDDEN_SCOPE',
    );
    expectError(
      await api('GET', `/v1/checkpoints/${unknownId()}`, { token: centre.token }),
      403,
      'FORBIDDEN_SCOPE',
    );
    // A volunteer works a gate but does not set one up.
    expectError(await post(volunteer.token, '/v1/checkpoints', body), 403, 'FORBIDDEN_ROLE');
  });

  it('refuse bad input with a code and a message', async () => {
    const ok = { regionCode: VILLAGE, name: '西门', kind: 'road' };
    expectError(
      await post(centre.token, '/v1/checkpoints', { ...ok, regionCode: TOWNSHIP }),
      400,
      'CHECKPOINT_REGION_INVALID',
    );
    expectError(
      await post(centre.token, '/v1/checkpoints', { ...ok, regionCode: `${TOWNSHIP}999` }),
      400,
      'REGION_UNKNOWN',
    );
    expectError(
      await post(centre.token, '/v1/checkpoints', { ...ok, regionCode: `${VILLAGE}999` }),
      400,
      'GRID_UNKNOWN',
    );
    expectError(
      await post(centre.token, '/v1/checkpoints', { ...ok, hours: { opens: '6:00', closes: '22:00' } }),
      400,
      'TIME_INVALID',
    );
    expectError(await post(centre.token, '/v1/checkpoints', { ...ok, name: '  ' }), 400, 'VALIDATION_FAILED');
    expectError(
      await post(centre.token, '/v1/checkpoints', { ...ok, kind: 'airport' }),
      400,
      'VALIDATION_FAILED',
    );
  });
});

describe('the duty roster', () => {
  let shift: Shift;

  beforeAll(async () => {
    shift = expectBody(
      await assignShift(centre.token, gate.checkpointId, {
        staffId: volunteer.user.userId,
        date: DAY,
        starts: '06:00',
        ends: '14:00',
      }),
      201,
      shiftSchema,
    );
  });

  it('puts a volunteer of the village on a shift; it is on their list and the roster', async () => {
    expect(shift).toMatchObject({
      status: 'assigned',
      staffName: volunteer.staff.name,
      checkpointName: gate.name,
    });
    const mine = expectBody(
      await api('GET', `/v1/me/shifts?from=${DAY}`, { token: volunteer.token }),
      200,
      shiftListSchema,
    );
    expect(mine.items.map((s) => s.shiftId)).toContain(shift.shiftId);
    const roster = expectBody(
      await api('GET', `/v1/checkpoints/${gate.checkpointId}/shifts?date=${DAY}`, {
        token: gridworker.token,
      }),
      200,
      shiftListSchema,
    );
    expect(roster.items.map((s) => s.shiftId)).toEqual([shift.shiftId]);
  });

  it('refuses staff of another village, unknown staff and residents', async () => {
    const cp = gate.checkpointId;
    const body = { date: DAY, starts: '14:00', ends: '22:00' };
    expectError(
      await assignShift(centre.token, cp, { ...body, staffId: outsider.user.userId }),
      400,
      'SHIFT_STAFF_OUT_OF_SCOPE',
    );
    expectError(await assignShift(centre.token, cp, { ...body, staffId: unknownId() }), 400, 'STAFF_UNKNOWN');
    expectError(
      await assignShift(centre.token, cp, { ...body, staffId: centre.user.userId }),
      400,
      'STAFF_UNKNOWN',
    );
    expectError(
      await assignShift(outsider.token, cp, { ...body, staffId: volunteer.user.userId }),
      403,
      'FORBIDDEN_SCOPE',
    );
    expectError(
      await assignShift(centre.token, cp, { ...body, staffId: volunteer.user.userId, ends: '25:00' }),
      400,
      'TIME_INVALID',
    );
  });

  it('is signed in and out by the one on duty, each once', async () => {
    const signIn = (token: string) => post(token, `/v1/shifts/${shift.shiftId}/sign-in`, undefined);
    const signOut = (token: string) => post(token, `/v1/shifts/${shift.shiftId}/sign-out`, undefined);
    expectError(await signIn(gridworker.token), 403, 'SHIFT_NOT_YOURS');
    expectError(await signIn(outsider.token), 403, 'FORBIDDEN_SCOPE');
    expectError(await signOut(volunteer.token), 409, 'INVALID_TRANSITION');
    const onDuty = expectBody(await signIn(volunteer.token), 200, shiftSchema);
    expect(onDuty.status).toBe('on_duty');
    // A replay from the outbox: the shift as it stands, the first sign-in time kept.
    const again = expectBody(await signIn(volunteer.token), 200, shiftSchema);
    expect(again.signedInAt).toBe(onDuty.signedInAt);
    const done = expectBody(await signOut(volunteer.token), 200, shiftSchema);
    expect(done).toMatchObject({ status: 'done', signedInAt: onDuty.signedInAt });
    expect(done.signedOutAt).not.toBeNull();
    expectError(await signIn(volunteer.token), 409, 'INVALID_TRANSITION');
  });
});

describe('the entry log', () => {
  it('writes an entry once per Idempotency-Key: a retry answers the original, a reuse is refused', async () => {
    const cp = await newCheckpoint(gridworker.token, VILLAGE, '幂等测试门');
    const key = newKey();
    const body: CreateEntryRequest = {
      direction: 'in',
      at: AT,
      person: { kind: 'resident' },
      plate: '鲁e·12345',
      temperature: 36.5,
    };
    const first = expectBody(await logEntry(volunteer.token, cp.checkpointId, body, key), 201, entrySchema);
    expect(first).toMatchObject({
      plate: '鲁E12345',
      date: DAY,
      direction: 'in',
      temperature: 36.5,
      pass: null,
    });
    const retry = expectBody(await logEntry(volunteer.token, cp.checkpointId, body, key), 200, entrySchema);
    expect(retry).toEqual(first);
    expectError(
      await logEntry(volunteer.token, cp.checkpointId, { ...body, direction: 'out' }, key),
      422,
      'IDEMPOTENCY_KEY_REUSED',
    );
    // Concurrent taps under one key (a double tap that raced): still one entry.
    const raced = await Promise.all(
      [1, 2, 3].map(() =>
        logEntry(volunteer.token, cp.checkpointId, { ...body, plate: '鲁E54321' }, `${key}x`),
      ),
    );
    expect(raced.map((r) => r.status).sort()).toEqual([200, 200, 201]);
    expect(await allEntries(gridworker.token, cp.checkpointId)).toHaveLength(2);
    expect((await figures(gridworker.token, cp.checkpointId)).entries).toBe(2);
  });

  it('answers a replay that comes days late with the entry it wrote; a new entry that old is refused', async () => {
    const cp = await newCheckpoint(gridworker.token, VILLAGE, '迟到重放门');
    const key = newKey();
    const body: CreateEntryRequest = { direction: 'in', at: AT, person: { kind: 'resident' } };
    const first = expectBody(await logEntry(volunteer.token, cp.checkpointId, body, key), 201, entrySchema);
    const threeDaysLater = { 'x-local-now': new Date(Date.parse(AT) + 72 * 3_600_000).toISOString() };
    const late = (k: string, b: CreateEntryRequest) =>
      post(volunteer.token, `/v1/checkpoints/${cp.checkpointId}/entries`, b, {
        ...threeDaysLater,
        'idempotency-key': k,
      });
    expect(expectBody(await late(key, body), 200, entrySchema)).toEqual(first);
    expectError(await late(key, { ...body, direction: 'out' }), 422, 'IDEMPOTENCY_KEY_REUSED');
    expectError(await late(newKey(), body), 400, 'ENTRY_TIME_INVALID');
    expect((await figures(gridworker.token, cp.checkpointId)).entries).toBe(1);
  });

  it('refuses bad input with a code and a message, and writes nothing', async () => {
    const cp = await newCheckpoint(gridworker.token, VILLAGE, '坏输入测试门');
    const ok: CreateEntryRequest = { direction: 'in', at: AT, person: { kind: 'resident' } };
    const bad = async (
      body: unknown,
      code: Parameters<typeof expectError>[2],
      status = 400,
      headers?: Record<string, string>,
    ) =>
      expectError(
        await post(
          volunteer.token,
          `/v1/checkpoints/${cp.checkpointId}/entries`,
          body,
          headers ?? { 'idempotency-key': newKey() },
        ),
        status,
        code,
      );
    await bad({ ...ok, plate: '鲁E1234' }, 'PLATE_INVALID');
    await bad({ ...ok, plate: '港A12345' }, 'PLATE_INVALID');
    await bad({ ...ok, temperature: 45 }, 'TEMPERATURE_OUT_OF_RANGE');
    await bad({ ...ok, person: { kind: 'turned_back', reason: 'other' } }, 'TURN_BACK_REASON_REQUIRED');
    await bad(
      { ...ok, person: { kind: 'visitor', name: '李四', host: '', reason: '探亲' } },
      'VALIDATION_FAILED',
    );
    await bad({ ...ok, pass: { passId: 'x y', colour: 'green' } }, 'PASS_ID_INVALID');
    await bad({ ...ok, at: new Date(Date.now() - 72 * 3_600_000).toISOString() }, 'ENTRY_TIME_INVALID');
    await bad({ ...ok, at: new Date(Date.now() + 3_600_000).toISOString() }, 'ENTRY_TIME_INVALID');
    await bad({ ...ok, person: { kind: 'stranger' } }, 'VALIDATION_FAILED');
    await bad(ok, 'IDEMPOTENCY_KEY_REQUIRED', 400, {});
    expectError(await logEntry(outsider.token, cp.checkpointId, ok), 403, 'FORBIDDEN_SCOPE');
    expectError(await logEntry((await newResident('cp')).token, cp.checkpointId, ok), 403, 'FORBIDDEN_ROLE');
    expect(await allEntries(gridworker.token, cp.checkpointId)).toEqual([]);
    expect((await figures(gridworker.token, cp.checkpointId)).entries).toBe(0);
  });
});

/** A varied day at a gate: residents in cars and on foot, visitors, turn-backs, departures, passes, fevers. */
function dayAtTheGate(n: number): CreateEntryRequest[] {
  const colours = ['green', 'yellow', 'red'] as const;
  return Array.from({ length: n }, (_, i): CreateEntryRequest => {
    const person: CreateEntryRequest['person'] =
      i % 5 === 1
        ? { kind: 'turned_back', reason: i % 2 ? 'non_essential' : 'red_pass' }
        : i % 5 === 3
          ? { kind: 'visitor', name: `访客${i}`, host: `${i}号楼 王建国`, reason: '送药' }
          : { kind: 'resident' };
    return {
      direction: i % 7 === 6 ? 'out' : 'in',
      at: AT,
      person,
      ...(i % 3 === 0 ? { plate: `鲁E${String(10000 + i)}` } : {}),
      ...(i % 4 === 0 ? { pass: { passId: `p${i}`, colour: colours[i % 3]! } } : {}),
      ...(i % 6 === 0 ? { temperature: i % 12 === 0 ? 37.6 : 36.4 } : {}),
    };
  });
}

describe('figures', () => {
  it('per checkpoint and day equal a recount of the entries, and flow up to the township', async () => {
    const gates = [
      await newCheckpoint(gridworker.token, VILLAGE, '统计东门'),
      await newCheckpoint(centre.token, grid, '统计门岗'),
    ];
    await drainStreams();
    const before = {
      village: await flows(VILLAGE),
      township: await flows(TOWNSHIP),
      grid: await flows(grid),
    };
    const plan = gates.flatMap((g, gi) =>
      dayAtTheGate(gi === 0 ? 41 : 23).map((body) => ({ g, body, key: newKey() })),
    );
    // Sent in waves of 8, each entry twice (a retry after a lost answer): every entry is written once.
    for (let i = 0; i < plan.length; i += 8) {
      const wave = plan.slice(i, i + 8);
      const answers = await Promise.all(
        wave.flatMap((p) => [
          logEntry(volunteer.token, p.g.checkpointId, p.body, p.key),
          logEntry(volunteer.token, p.g.checkpointId, p.body, p.key),
        ]),
      );
      for (const a of answers) expect([200, 201], JSON.stringify(a.body)).toContain(a.status);
    }
    const logged: Entry[] = [];
    for (const g of gates) {
      const entries = await allEntries(centre.token, g.checkpointId);
      expect(entries).toHaveLength(plan.filter((p) => p.g === g).length);
      expect(new Set(entries.map((e) => e.entryId)).size).toBe(entries.length);
      expect(await figures(centre.token, g.checkpointId)).toEqual(countEntries(entries));
      logged.push(...entries);
    }
    const totals = countEntries(logged);
    expect(totals.turnedBack).toBeGreaterThan(0);
    expect(totals.vehiclesTurnedBack).toBeGreaterThan(0);
    expect(totals.passRed).toBeGreaterThan(0);

    await drainStreams();
    const recount = (entries: Entry[]) => {
      const sums = Object.fromEntries(FLOW_METRICS.map((m) => [m, 0])) as Record<FlowMetric, number>;
      for (const e of entries) for (const m of entryFlowMetrics(e)) sums[m] += 1;
      return sums;
    };
    const delta = (after: Record<FlowMetric, number>, was: Record<FlowMetric, number>) =>
      Object.fromEntries(
        FLOW_METRICS.filter((m) => m.startsWith('checkpoint')).map((m) => [m, after[m] - was[m]]),
      );
    const expected = (entries: Entry[]) => delta(recount(entries), recount([]));
    const onGrid = logged.filter((e) => e.checkpointId === gates[1]!.checkpointId);
    expect(delta(await flows(VILLAGE), before.village)).toEqual(expected(logged));
    expect(delta(await flows(TOWNSHIP), before.township)).toEqual(expected(logged));
    expect(delta(await flows(grid), before.grid)).toEqual(expected(onGrid));
  });

  it('are recounted the same way by the nightly job, which repairs drift', async () => {
    // A day nobody else writes to, through the per-request clock: 60 days ahead, 10:00 Shanghai.
    const day = addDays(localDate(new Date()), 60);
    const clock = { 'x-local-now': localDateTime(day, '10:00').toISOString() };
    const cp = await newCheckpoint(centre.token, VILLAGE, '夜间核对门');
    const bodies = dayAtTheGate(12).map(({ at: _at, ...body }) => body);
    for (const body of bodies) {
      const res = await post(volunteer.token, `/v1/checkpoints/${cp.checkpointId}/entries`, body, {
        ...clock,
        'idempotency-key': newKey(),
      });
      expect(res.status, JSON.stringify(res.body)).toBe(201);
    }
    await drainStreams();
    const dayFlows = async () =>
      expectBody(
        await api('GET', `/v1/stats/${VILLAGE}?date=${day}`, { token: admin.token }),
        200,
        regionStatsSchema,
      ).flows;
    const counted = await dayFlows();
    const entries = expectBody(
      await api('GET', `/v1/checkpoints/${cp.checkpointId}/entries?date=${day}&limit=100`, {
        token: centre.token,
      }),
      200,
      entryPageSchema,
    ).items;
    expect(entries).toHaveLength(12);
    const recounted = Object.fromEntries(FLOW_METRICS.map((m) => [m, 0])) as Record<FlowMetric, number>;
    for (const e of entries) for (const m of entryFlowMetrics(e)) recounted[m] += 1;
    for (const m of FLOW_METRICS.filter((f) => f.startsWith('checkpoint')))
      expect(counted[m], m).toBe(recounted[m]);

    // Drift: the village's day item says 3 more turned back than the log holds.
    const dynamo = stackDynamo();
    await dynamo.send(
      new UpdateItemCommand({
        TableName: stack().tableName,
        Key: { pk: { S: `STAT#${VILLAGE}` }, sk: { S: `DAY#${day}` } },
        UpdateExpression: 'ADD checkpointTurnedBack :d',
        ExpressionAttributeValues: { ':d': { N: '3' } },
      }),
    );
    dynamo.destroy();
    expect((await dayFlows()).checkpointTurnedBack).toBe(recounted.checkpointTurnedBack + 3);
    await runSchedule('reconcileStatsDay', localDateTime(addDays(day, 1), '00:30').toISOString());
    const repaired = await dayFlows();
    for (const m of FLOW_METRICS.filter((f) => f.startsWith('checkpoint')))
      expect(repaired[m], m).toBe(recounted[m]);
  });
});
