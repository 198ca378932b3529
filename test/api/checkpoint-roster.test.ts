/**
 * Assigning shifts over HTTP, as the 排班 screen does: who an organiser may pick (the village's
 * gridworkers and volunteers, a dedicated grid's own), one shift per Idempotency-Key (a double tap,
 * a retry after a lost answer, concurrent sends), and no person on two overlapping shifts. This file
 * owns 稻庄镇 (370523102, 广饶县): no other test writes there.
 */
import {
  addDays,
  type Checkpoint,
  checkpointSchema,
  localDate,
  rosterStaffListSchema,
  type Shift,
  shiftListSchema,
  shiftSchema,
  staffSchema,
} from '@grid/shared';
import { beforeAll, describe, expect, it } from 'vitest';
import { api, newKey } from './support/client';
import {
  createStaff,
  demo,
  expectBody,
  expectError,
  freshPhone,
  newGrid,
  newGridworker,
  newStaff,
  type Session,
  type StaffSession,
} from './support/fixtures';

const TOWNSHIP = '370523102'; // 稻庄镇: only this file writes here
const VILLAGE = '370523102201'; // 南寨村
const OTHER_VILLAGE = '370523102202'; // 稻一村

let admin: Session;
let centre: StaffSession;
let gridworker: StaffSession;
let volunteer: StaffSession;
let outsider: StaffSession;
let grid = '';
let secondGrid = '';
let gate: Checkpoint;
/** A day of its own for each run's shifts, ahead of today: a reused stack keeps earlier runs' shifts. */
const DAY = addDays(localDate(new Date()), 1);

const post = (token: string, path: string, body: unknown, headers: Record<string, string> = {}) =>
  api('POST', path, { token, body, headers });
const assign = (token: string, checkpointId: string, body: unknown, key: string = newKey()) =>
  post(token, `/v1/checkpoints/${checkpointId}/shifts`, body, { 'idempotency-key': key });
const roster = async (checkpointId: string, date = DAY): Promise<Shift[]> =>
  expectBody(
    await api('GET', `/v1/checkpoints/${checkpointId}/shifts?date=${date}`, { token: centre.token }),
    200,
    shiftListSchema,
  ).items;
const staffOf = async (token: string, checkpointId: string) =>
  expectBody(await api('GET', `/v1/checkpoints/${checkpointId}/staff`, { token }), 200, rosterStaffListSchema)
    .items;

async function newCheckpoint(token: string, regionCode: string, name: string): Promise<Checkpoint> {
  return expectBody(
    await post(token, '/v1/checkpoints', { regionCode, name, kind: 'village_entrance' }),
    201,
    checkpointSchema,
  );
}

beforeAll(async () => {
  admin = await demo('demo-admin');
  grid = (await newGrid(VILLAGE)).gridCode;
  secondGrid = (await newGrid(VILLAGE)).gridCode;
  const otherGrid = (await newGrid(OTHER_VILLAGE)).gridCode;
  [centre, gridworker, volunteer, outsider] = await Promise.all([
    newStaff({ role: 'centre', regionCode: TOWNSHIP }),
    newGridworker(grid),
    newStaff({ role: 'volunteer', grids: [secondGrid] }),
    newGridworker(otherGrid),
  ]);
  gate = await newCheckpoint(centre.token, VILLAGE, '南寨村村口');
});

describe('who an organiser may put on the roster', () => {
  it("lists the village's gridworkers and volunteers (every grid of it), names and roles only", async () => {
    const listed = await staffOf(gridworker.token, gate.checkpointId);
    const ids = listed.map((s) => s.userId);
    expect(ids).toEqual(expect.arrayContaining([gridworker.user.userId, volunteer.user.userId]));
    expect(ids).not.toContain(outsider.user.userId);
    expect(ids).not.toContain(centre.user.userId);
    expect(listed.find((s) => s.userId === volunteer.user.userId)).toEqual({
      userId: volunteer.user.userId,
      name: volunteer.staff.name,
      role: 'volunteer',
    });
    // Everyone listed can be assigned: the list and assignShift apply one rule.
    expect(await staffOf(centre.token, gate.checkpointId)).toEqual(listed);
  });

  it('leaves out disabled staff; a dedicated grid’s checkpoint lists its own grid’s staff', async () => {
    const leaving = expectBody(
      await createStaff(admin.token, {
        role: 'volunteer',
        name: '离岗志愿者',
        phone: freshPhone(),
        gridCodes: [grid],
      }),
      201,
      staffSchema,
    );
    expect((await staffOf(centre.token, gate.checkpointId)).map((s) => s.userId)).toContain(leaving.userId);
    expectBody(await post(admin.token, `/v1/staff/${leaving.userId}/disable`, undefined), 200, staffSchema);
    expect((await staffOf(centre.token, gate.checkpointId)).map((s) => s.userId)).not.toContain(
      leaving.userId,
    );

    const onGrid = await newCheckpoint(centre.token, secondGrid, '南寨村二组路口');
    expect((await staffOf(centre.token, onGrid.checkpointId)).map((s) => s.userId)).toEqual([
      volunteer.user.userId,
    ]);
  });

  it('is for organisers in scope', async () => {
    const path = `/v1/checkpoints/${gate.checkpointId}/staff`;
    expectError(await api('GET', path, { token: volunteer.token }), 403, 'FORBIDDEN_ROLE');
    expectError(await api('GET', path, { token: outsider.token }), 403, 'FORBIDDEN_SCOPE');
  });
});

describe('assigning a shift', () => {
  it('writes one shift per Idempotency-Key: a retry answers it, a reuse is refused', async () => {
    const cp = await newCheckpoint(centre.token, VILLAGE, '幂等排班门');
    const body = { staffId: volunteer.user.userId, date: DAY, starts: '06:00', ends: '14:00' };
    const key = newKey();
    const first = expectBody(await assign(gridworker.token, cp.checkpointId, body, key), 201, shiftSchema);
    const again = expectBody(await assign(gridworker.token, cp.checkpointId, body, key), 200, shiftSchema);
    expect(again).toEqual(first);
    expectError(
      await assign(gridworker.token, cp.checkpointId, { ...body, starts: '07:00' }, key),
      422,
      'IDEMPOTENCY_KEY_REUSED',
    );
    expectError(
      await post(gridworker.token, `/v1/checkpoints/${cp.checkpointId}/shifts`, body),
      400,
      'IDEMPOTENCY_KEY_REQUIRED',
    );
    expect((await roster(cp.checkpointId)).map((s) => s.shiftId)).toEqual([first.shiftId]);
  });

  it('writes one shift when a double tap sends the same key at once', async () => {
    const cp = await newCheckpoint(centre.token, VILLAGE, '双击排班门');
    const body = { staffId: gridworker.user.userId, date: DAY, starts: '08:00', ends: '12:00' };
    const key = newKey();
    const answers = await Promise.all([1, 2, 3].map(() => assign(centre.token, cp.checkpointId, body, key)));
    expect(answers.map((a) => a.status).sort()).toEqual([200, 200, 201]);
    const ids = new Set(answers.map((a) => shiftSchema.parse(a.body).shiftId));
    expect(ids.size).toBe(1);
    expect((await roster(cp.checkpointId)).map((s) => s.shiftId)).toEqual([...ids]);
  });

  it('refuses a shift that overlaps another of the same person, at any checkpoint', async () => {
    const day = addDays(DAY, 2);
    const east = await newCheckpoint(centre.token, VILLAGE, '南寨村东口');
    const west = await newCheckpoint(centre.token, VILLAGE, '南寨村西口');
    const who = volunteer.user.userId;
    expectBody(
      await assign(centre.token, east.checkpointId, {
        staffId: who,
        date: day,
        starts: '22:00',
        ends: '06:00',
      }),
      201,
      shiftSchema,
    );
    // Over midnight into the next morning, at another gate.
    const clash = expectError(
      await assign(centre.token, west.checkpointId, {
        staffId: who,
        date: addDays(day, 1),
        starts: '05:00',
        ends: '08:00',
      }),
      409,
      'SHIFT_OVERLAPS',
    );
    expect(clash.details).toEqual({
      shift: { checkpointName: '南寨村东口', date: day, starts: '22:00', ends: '06:00' },
    });
    expectError(
      await assign(centre.token, west.checkpointId, {
        staffId: who,
        date: day,
        starts: '14:00',
        ends: '23:00',
      }),
      409,
      'SHIFT_OVERLAPS',
    );
    // Ends that touch do not overlap; someone else may take the same hours.
    for (const body of [
      { staffId: who, date: day, starts: '14:00', ends: '22:00' },
      { staffId: who, date: addDays(day, 1), starts: '06:00', ends: '10:00' },
      { staffId: gridworker.user.userId, date: day, starts: '22:00', ends: '06:00' },
    ]) {
      expectBody(await assign(centre.token, west.checkpointId, body), 201, shiftSchema);
    }
    expect((await roster(west.checkpointId, day)).map((s) => `${s.staffName} ${s.starts}`)).toEqual([
      `${volunteer.staff.name} 14:00`,
      `${gridworker.staff.name} 22:00`,
    ]);
  });
});
