/**
 * Home quarantine over HTTP: lifecycle, follow-ups, the daily board, missed-check and fever
 * alerts with escalation, reminders and their fallback to gridworker tasks. Time is controlled per
 * request (x-local-now) and per job run (?at=), in Asia/Shanghai terms.
 */
import {
  addDays,
  alertListSchema,
  alertSchema,
  followUpSchema,
  localDate,
  localDateTime,
  quarantineBoardSchema,
  quarantineListSchema,
  quarantineSchema,
  subscriptionsSchema,
  taskPageSchema,
} from '@grid/shared';
import { beforeAll, describe, expect, it } from 'vitest';
import { api, drainStreams, newKey, runSchedule } from './support/client';
import {
  demo,
  expectBody,
  expectError,
  GRIDS,
  newGridworker,
  newHousehold,
  type StaffSession,
  type TestHousehold,
  weChatCalls,
} from './support/fixtures';

const GRID = GRIDS.quarantine;
const OTHER_GRID = GRIDS.quarantineOther;
const STREET = GRID.slice(0, 9);
const DISTRICT = GRID.slice(0, 6);

/** Shanghai wall-clock instants on a fixed future day, so deadlines are before or after at will. */
const DAY = addDays(localDate(new Date()), 30);
const at = (hhmm: string, day = DAY) => localDateTime(day, hhmm).toISOString();
const clock = (hhmm: string, day = DAY) => ({ 'x-local-now': at(hhmm, day) });

let gridworker: StaffSession;
let otherGridworker: StaffSession;

beforeAll(async () => {
  [gridworker, otherGridworker] = await Promise.all([newGridworker(GRID), newGridworker(OTHER_GRID)]);
});

async function quarantined(
  placedAt = '08:00',
  day = DAY,
): Promise<{ household: TestHousehold; quarantineId: string; personId: string }> {
  const household = await newHousehold(GRID);
  const person = household.members[0]!.person;
  const res = await api('POST', '/v1/quarantines', {
    token: gridworker.token,
    body: { personIds: [person.personId], reason: 'close_contact', startDate: day },
    headers: clock(placedAt, day),
  });
  const { items } = expectBody(res, 201, quarantineListSchema);
  return { household, quarantineId: items[0]!.quarantineId, personId: person.personId };
}

function board(hhmm: string, token = gridworker.token) {
  return api('GET', `/v1/grids/${GRID}/quarantine-board`, { token, headers: clock(hhmm) });
}

describe('quarantine lifecycle', () => {
  it('places a whole household, 14 days by default, and keeps history', async () => {
    const household = await newHousehold(GRID);
    const res = await api('POST', '/v1/quarantines', {
      token: gridworker.token,
      body: {
        householdId: household.household.householdId,
        reason: 'risk_area_arrival',
        reasonNote: '自武汉返回',
      },
    });
    const { items } = expectBody(res, 201, quarantineListSchema);
    expect(items).toHaveLength(household.members.length);
    const today = localDate(new Date());
    for (const q of items) {
      expect(q).toMatchObject({
        status: 'active',
        startDate: today,
        plannedEndDate: addDays(today, 14),
        version: 1,
      });
      expect(q.history).toEqual([expect.objectContaining({ action: 'placed', by: gridworker.user.userId })]);
    }
    const mine = await api<{ members: Array<{ activeQuarantineId: string | null }> }>(
      'GET',
      '/v1/households/mine',
      {
        token: household.owner.token,
      },
    );
    expect(mine.body.members.map((m) => m.activeQuarantineId).sort()).toEqual(
      items.map((q) => q.quarantineId).sort(),
    );
  });

  it('refuses a second quarantine for the same person, and writes nothing for the others', async () => {
    const household = await newHousehold(GRID);
    const [first, second] = household.members.map((m) => m.person.personId);
    expectBody(
      await api('POST', '/v1/quarantines', {
        token: gridworker.token,
        body: { personIds: [first], reason: 'other' },
      }),
      201,
      quarantineListSchema,
    );
    const res = await api('POST', '/v1/quarantines', {
      token: gridworker.token,
      body: { personIds: [second, first], reason: 'other' },
    });
    expectError(res, 409, 'ALREADY_QUARANTINED');
    expect((res.body as { error: { details: { personIds: string[] } } }).error.details.personIds).toEqual([
      first,
    ]);
    const mine = await api<{ members: Array<{ personId: string; activeQuarantineId: string | null }> }>(
      'GET',
      '/v1/households/mine',
      { token: household.owner.token },
    );
    expect(mine.body.members.find((m) => m.personId === second)?.activeQuarantineId).toBeNull();
  });

  it('extends, then releases; further changes are invalid transitions (409)', async () => {
    const { quarantineId } = await quarantined();
    const path = `/v1/quarantines/${quarantineId}`;
    const extended = expectBody(
      await api('POST', `${path}/extend`, {
        token: gridworker.token,
        body: { plannedEndDate: addDays(DAY, 21), note: '密接复查', version: 1 },
      }),
      200,
      quarantineSchema,
    );
    expect(extended).toMatchObject({ plannedEndDate: addDays(DAY, 21), version: 2 });
    expectError(
      await api('POST', `${path}/extend`, {
        token: gridworker.token,
        body: { plannedEndDate: addDays(DAY, 25), version: 1 },
      }),
      409,
      'VERSION_CONFLICT',
    );
    expectError(
      await api('POST', `${path}/extend`, {
        token: gridworker.token,
        body: { plannedEndDate: addDays(DAY, 20), version: 2 },
      }),
      400,
      'PLANNED_END_INVALID',
    );
    const released = expectBody(
      await api('POST', `${path}/release`, {
        token: gridworker.token,
        body: { note: '期满解除', version: 2 },
      }),
      200,
      quarantineSchema,
    );
    expect(released.status).toBe('released');
    expect(released.history.map((e) => e.action)).toEqual(['placed', 'extended', 'released']);
    for (const [action, body] of [
      ['release', { note: '再次解除', version: 3 }],
      ['extend', { plannedEndDate: addDays(DAY, 40), version: 3 }],
      ['transfer', { to: 'hospital', version: 3 }],
    ] as const) {
      const res = await api('POST', `${path}/${action}`, { token: gridworker.token, body });
      expectError(res, 409, 'INVALID_TRANSITION');
    }
    const fetched = expectBody(await api('GET', path, { token: gridworker.token }), 200, quarantineSchema);
    expect(fetched.version).toBe(3);
  });

  it('transfers to hospital and frees the person for a new quarantine later', async () => {
    const { quarantineId, personId } = await quarantined();
    const moved = expectBody(
      await api('POST', `/v1/quarantines/${quarantineId}/transfer`, {
        token: gridworker.token,
        body: { to: 'hospital', note: '发热转诊', version: 1 },
      }),
      200,
      quarantineSchema,
    );
    expect(moved).toMatchObject({ status: 'transferred', transferredTo: 'hospital' });
    expectBody(
      await api('POST', '/v1/quarantines', {
        token: gridworker.token,
        body: { personIds: [personId], reason: 'other' },
      }),
      201,
      quarantineListSchema,
    );
  });

  it('is out of scope for another grid’s gridworker and for a resident placing it', async () => {
    const { quarantineId, household } = await quarantined();
    expectError(
      await api('GET', `/v1/quarantines/${quarantineId}`, { token: otherGridworker.token }),
      403,
      'FORBIDDEN_SCOPE',
    );
    expectError(
      await api('POST', `/v1/quarantines/${quarantineId}/release`, {
        token: otherGridworker.token,
        body: { note: 'x', version: 1 },
      }),
      403,
      'FORBIDDEN_SCOPE',
    );
    expectBody(
      await api('GET', `/v1/quarantines/${quarantineId}`, { token: household.owner.token }),
      200,
      quarantineSchema,
    );
    expectError(
      await api('POST', '/v1/quarantines', {
        token: household.owner.token,
        body: { personIds: [household.members[0]!.person.personId], reason: 'other' },
      }),
      403,
      'FORBIDDEN_ROLE',
    );
  });

  it('validates input', async () => {
    const household = await newHousehold(GRID);
    const personId = household.members[0]!.person.personId;
    expectError(
      await api('POST', '/v1/quarantines', {
        token: gridworker.token,
        body: { personIds: [personId], householdId: household.household.householdId, reason: 'other' },
      }),
      400,
      'VALIDATION_FAILED',
    );
    expectError(
      await api('POST', '/v1/quarantines', {
        token: gridworker.token,
        body: { personIds: [personId], reason: 'other', startDate: DAY, plannedEndDate: DAY },
      }),
      400,
      'PLANNED_END_INVALID',
    );
    expectError(
      await api('POST', '/v1/quarantines', {
        token: gridworker.token,
        body: { personIds: [personId], reason: 'flu' },
      }),
      400,
      'VALIDATION_FAILED',
    );
  });
});

describe('twice-daily checks and the board', () => {
  it('shows due, overdue and done around the deadlines, from reports and follow-ups', async () => {
    const { quarantineId, personId, household } = await quarantined('07:00');
    const entry = async (hhmm: string) => {
      const b = expectBody(await board(hhmm), 200, quarantineBoardSchema);
      expect(b.date).toBe(DAY);
      const found = b.items.find((i) => i.quarantineId === quarantineId);
      if (!found) throw new Error('not on the board');
      return found;
    };
    // A 14-day quarantine has 14 days left on its first day.
    expect(await entry('09:59')).toMatchObject({ morning: 'due', evening: 'due', daysRemaining: 14 });
    expect(await entry('10:01')).toMatchObject({ morning: 'overdue', evening: 'due' });

    // The resident reports the morning (proxy or self); the stream consumer marks the check.
    const report = await api('POST', `/v1/persons/${personId}/health-reports`, {
      token: household.owner.token,
      body: { temperature: 36.6 },
      headers: { 'idempotency-key': newKey(), ...clock('10:30') },
    });
    expect(report.status).toBe(201);
    await drainStreams();
    expect(await entry('10:31')).toMatchObject({ morning: 'done', evening: 'due', lastTemperature: 36.6 });

    // The gridworker phones in the evening and records the temperature taken.
    const key = newKey();
    const followUp = () =>
      api('POST', `/v1/quarantines/${quarantineId}/follow-ups`, {
        token: gridworker.token,
        body: { method: 'phone', temperature: 36.8, note: '情绪稳定' },
        headers: { 'idempotency-key': key, ...clock('17:00') },
      });
    const created = expectBody(await followUp(), 201, followUpSchema);
    expect(created).toMatchObject({ slot: 'evening', date: DAY, method: 'phone', fever: false });
    const retried = await followUp();
    expect(retried.status).toBe(200);
    expect(retried.body).toEqual(created);
    await drainStreams();
    expect(await entry('18:30')).toMatchObject({ morning: 'done', evening: 'done', lastTemperature: 36.8 });

    // Across midnight the new day starts unchecked.
    const next = expectBody(
      await api('GET', `/v1/grids/${GRID}/quarantine-board`, {
        token: gridworker.token,
        headers: clock('00:05', addDays(DAY, 1)),
      }),
      200,
      quarantineBoardSchema,
    );
    expect(next.items.find((i) => i.quarantineId === quarantineId)).toMatchObject({
      morning: 'due',
      evening: 'due',
      daysRemaining: 13,
    });
  });

  it('owes no slot whose deadline passed before the placement, and marks a fever reading', async () => {
    const day = addDays(DAY, 2);
    const { quarantineId, personId, household } = await quarantined('14:00', day);
    const entry = async (hhmm: string) => {
      const b = expectBody(
        await api('GET', `/v1/grids/${GRID}/quarantine-board`, {
          token: gridworker.token,
          headers: clock(hhmm, day),
        }),
        200,
        quarantineBoardSchema,
      );
      return b.items.find((i) => i.quarantineId === quarantineId);
    };
    expect(await entry('14:05')).toMatchObject({ morning: 'not_required', evening: 'due', lastFever: false });
    const report = await api('POST', `/v1/persons/${personId}/health-reports`, {
      token: household.owner.token,
      body: { temperature: 37.8 },
      headers: { 'idempotency-key': newKey(), ...clock('14:10', day) },
    });
    expect(report.status).toBe(201);
    await drainStreams();
    expect(await entry('14:15')).toMatchObject({
      morning: 'not_required',
      evening: 'done',
      lastTemperature: 37.8,
      lastFever: true,
    });
  });

  it('keeps other grids’ gridworkers off the board', async () => {
    expectError(await board('09:00', otherGridworker.token), 403, 'FORBIDDEN_SCOPE');
  });
});

describe('alerts', () => {
  async function alertsOf(scope: string, token: string, status = 'open') {
    return expectBody(
      await api('GET', `/v1/alerts?scope=${scope}&status=${status}&limit=50`, { token }),
      200,
      alertListSchema,
    );
  }

  it('raises a FEVER alert from the stream for a report at the threshold, once per slot', async () => {
    const { personId, household, quarantineId } = await quarantined('07:00');
    for (const temperature of [37.3, 38.1]) {
      await api('POST', `/v1/persons/${personId}/health-reports`, {
        token: household.owner.token,
        body: { temperature },
        headers: { 'idempotency-key': newKey(), ...clock(temperature === 37.3 ? '08:00' : '09:00') },
      });
    }
    await drainStreams();
    const list = await alertsOf(GRID, gridworker.token);
    const fevers = list.items.filter((a) => a.personId === personId && a.kind === 'FEVER');
    expect(fevers).toHaveLength(1);
    expect(fevers[0]).toMatchObject({
      quarantineId,
      level: 'grid',
      detail: { date: DAY, slot: 'morning', temperature: 37.3 },
    });
  });

  it('raises a FEVER alert for a red-flag symptom without fever, and none for 37.2', async () => {
    const household = await newHousehold(GRID);
    const [a, b] = household.members.map((m) => m.person.personId);
    await api('POST', `/v1/persons/${a}/health-reports`, {
      token: household.owner.token,
      body: { temperature: 36.5, symptoms: ['breathing_difficulty'] },
      headers: { 'idempotency-key': newKey() },
    });
    await api('POST', `/v1/persons/${b}/health-reports`, {
      token: household.owner.token,
      body: { temperature: 37.2 },
      headers: { 'idempotency-key': newKey() },
    });
    await drainStreams();
    const list = await alertsOf(GRID, gridworker.token);
    expect(list.items.filter((x) => x.personId === a && x.kind === 'FEVER')).toHaveLength(1);
    expect(list.items.filter((x) => x.personId === b)).toHaveLength(0);
  });

  it('raises MISSED_CHECK after the deadline only, once, then escalates grid → street → district', async () => {
    const day = addDays(DAY, 3);
    const { quarantineId } = await quarantined('07:00', day);
    const missedId = `M.${quarantineId}.${day.replaceAll('-', '')}.m`;
    const find = async (scope: string, token: string) =>
      (await alertsOf(scope, token)).items.find((x) => x.alertId === missedId);

    await runSchedule('detectMissedChecks', at('09:55', day));
    expect(await find(GRID, gridworker.token)).toBeUndefined();
    await runSchedule('detectMissedChecks', at('10:05', day));
    await runSchedule('detectMissedChecks', at('10:15', day));
    const raised = await find(GRID, gridworker.token);
    expect(raised).toMatchObject({
      kind: 'MISSED_CHECK',
      level: 'grid',
      detail: { date: day, slot: 'morning' },
    });

    const street = await demo('demo-admin');
    await runSchedule('escalateAlerts', at('11:00', day));
    expect((await find(STREET, street.token))?.level).toBe('grid');
    await runSchedule('escalateAlerts', at('12:10', day));
    expect((await find(STREET, street.token))?.level).toBe('street');
    await runSchedule('escalateAlerts', at('14:20', day));
    const admin = await demo('demo-admin');
    const escalated = await find(DISTRICT, admin.token);
    expect(escalated).toMatchObject({ level: 'district', status: 'open' });
  });

  it('does not raise MISSED_CHECK when the slot was reported, nor for a quarantine placed after the deadline', async () => {
    const day = addDays(DAY, 4);
    const reported = await quarantined('07:00', day);
    await api('POST', `/v1/persons/${reported.personId}/health-reports`, {
      token: reported.household.owner.token,
      body: { temperature: 36.4 },
      headers: { 'idempotency-key': newKey(), ...clock('09:00', day) },
    });
    const late = await quarantined('11:00', day);
    await drainStreams();
    await runSchedule('detectMissedChecks', at('11:30', day));
    const ids = (await alertsOf(GRID, gridworker.token)).items.map((x) => x.alertId);
    const compact = day.replaceAll('-', '');
    expect(ids).not.toContain(`M.${reported.quarantineId}.${compact}.m`);
    expect(ids).not.toContain(`M.${late.quarantineId}.${compact}.m`);
  });

  it('moves open → acknowledged → resolved, with counts; other moves are 409', async () => {
    const household = await newHousehold(GRID);
    const personId = household.members[0]!.person.personId;
    await api('POST', `/v1/persons/${personId}/health-reports`, {
      token: household.owner.token,
      body: { temperature: 39.0 },
      headers: { 'idempotency-key': newKey() },
    });
    await drainStreams();
    const before = await alertsOf(GRID, gridworker.token);
    const alert = before.items.find((x) => x.personId === personId)!;
    expect(before.counts.open).toBeGreaterThanOrEqual(1);

    const acked = expectBody(
      await api('POST', `/v1/alerts/${alert.alertId}/acknowledge`, { token: gridworker.token }),
      200,
      alertSchema,
    );
    expect(acked).toMatchObject({ status: 'acknowledged', acknowledgedBy: gridworker.user.userId });
    expectError(
      await api('POST', `/v1/alerts/${alert.alertId}/acknowledge`, { token: gridworker.token }),
      409,
      'INVALID_TRANSITION',
    );
    const after = await alertsOf(GRID, gridworker.token);
    expect(after.counts.open).toBe(before.counts.open - 1);
    expect((await alertsOf(GRID, gridworker.token, 'acknowledged')).items.map((x) => x.alertId)).toContain(
      alert.alertId,
    );

    expectError(
      await api('POST', `/v1/alerts/${alert.alertId}/resolve`, { token: gridworker.token, body: {} }),
      400,
      'VALIDATION_FAILED',
    );
    const resolved = expectBody(
      await api('POST', `/v1/alerts/${alert.alertId}/resolve`, {
        token: gridworker.token,
        body: { note: '已电话联系，复测正常' },
      }),
      200,
      alertSchema,
    );
    expect(resolved).toMatchObject({ status: 'resolved', resolution: '已电话联系，复测正常' });
    expectError(
      await api('POST', `/v1/alerts/${alert.alertId}/resolve`, {
        token: gridworker.token,
        body: { note: 'again' },
      }),
      409,
      'INVALID_TRANSITION',
    );
    expectError(
      await api('POST', `/v1/alerts/${alert.alertId}/acknowledge`, { token: otherGridworker.token }),
      403,
      'FORBIDDEN_SCOPE',
    );
    expectError(
      await api('GET', `/v1/alerts?scope=${GRID}`, { token: otherGridworker.token }),
      403,
      'FORBIDDEN_SCOPE',
    );
  });

  it('tells the grid’s gridworker of a new alert when it granted the template', async () => {
    const watcher = await newGridworker(GRID);
    expectBody(
      await api('POST', '/v1/subscriptions', { token: watcher.token, body: { accepted: ['alert'] } }),
      200,
      subscriptionsSchema,
    );
    const household = await newHousehold(GRID);
    const reported = await api(
      'POST',
      `/v1/persons/${household.members[0]!.person.personId}/health-reports`,
      {
        token: household.owner.token,
        body: { temperature: 38.5 },
        headers: { 'idempotency-key': newKey() },
      },
    );
    expect(reported.status).toBe(201);
    // Two hops: one consumer raises the alert from the report, another notifies it. One drain
    // covers both: it returns only once nothing the consumers wrote is left undelivered.
    await drainStreams();
    const openid = await openidOf(watcher.token);
    const sent = (await weChatCalls()).filter(
      (c) =>
        c.path === '/cgi-bin/message/subscribe/send' && (c.body as { touser?: string }).touser === openid,
    );
    expect(sent).toHaveLength(1);
    expect(sent[0]!.body).toMatchObject({
      template_id: 'tpl-alert',
      page: 'gridworker/pages/alerts/index',
      data: { thing1: { value: expect.stringContaining('发热预警') } },
    });
    const grants = expectBody(
      await api('GET', '/v1/subscriptions', { token: watcher.token }),
      200,
      subscriptionsSchema,
    );
    expect(grants.remaining.alert).toBe(0);
  });
});

describe('reminders', () => {
  it('reminds a household with a grant, once; without one the gridworker gets a task', async () => {
    const day = addDays(DAY, 6);
    const withGrant = await quarantined('07:00', day);
    expectBody(
      await api('POST', '/v1/subscriptions', {
        token: withGrant.household.owner.token,
        body: { accepted: ['checkReminder'] },
      }),
      200,
      subscriptionsSchema,
    );
    const withoutGrant = await quarantined('07:00', day);

    await runSchedule('remindChecks', at('08:30', day)); // more than an hour before 10:00: nothing
    await runSchedule('remindChecks', at('09:10', day));
    await runSchedule('remindChecks', at('09:20', day)); // repeated run: nothing twice

    const openid = await openidOf(withGrant.household.owner.token);
    const reminders = (await weChatCalls()).filter(
      (c) =>
        c.path === '/cgi-bin/message/subscribe/send' && (c.body as { touser?: string }).touser === openid,
    );
    expect(reminders).toHaveLength(1);
    expect(reminders[0]!.body).toMatchObject({
      template_id: 'tpl-check-reminder',
      page: 'resident/pages/checkin/index',
      data: { time2: { value: `${day} 10:00` } },
    });

    const tasks = expectBody(
      await api('GET', `/v1/grids/${GRID}/tasks?limit=50`, { token: gridworker.token }),
      200,
      taskPageSchema,
    );
    const mine = tasks.items.filter((t) => t.quarantineId === withoutGrant.quarantineId);
    expect(mine).toEqual([
      expect.objectContaining({ kind: 'CALL_FOR_CHECK', date: day, slot: 'morning', status: 'open' }),
    ]);
    expect(tasks.items.some((t) => t.quarantineId === withGrant.quarantineId)).toBe(false);

    const done = await api('POST', `/v1/tasks/${mine[0]!.taskId}/done`, { token: gridworker.token });
    expect(done.status).toBe(200);
    expectError(
      await api('POST', `/v1/tasks/${mine[0]!.taskId}/done`, { token: gridworker.token }),
      409,
      'INVALID_TRANSITION',
    );
  });
});

/** The openid a session's WeChat user has: the fixture logins use `test:<openid>` codes. */
async function openidOf(token: string): Promise<string> {
  const payload = JSON.parse(Buffer.from(token.split('.')[1]!, 'base64url').toString('utf8')) as {
    oid: string;
  };
  return payload.oid;
}
