/**
 * Escalated alerts reach their centre (issue 17): an alert moved up to a street or district is sent
 * to that centre's staff as a WeChat subscribe message while their grants last; when none of them
 * could be messaged, the centre's task list (GET /v1/regions/{code}/tasks) carries it. A disabled
 * centre account is off its region's staff list. Time is controlled per request and per job run.
 */
import {
  addDays,
  alertSchema,
  localDate,
  localDateTime,
  quarantineListSchema,
  regionTaskListSchema,
  staffSchema,
  subscriptionsSchema,
} from '@grid/shared';
import { beforeAll, describe, expect, it } from 'vitest';
import { api, runSchedule } from './support/client';
import {
  demo,
  expectBody,
  expectError,
  newGrid,
  newGridworker,
  newHousehold,
  newStaff,
  type StaffSession,
  weChatCalls,
} from './support/fixtures';

/**
 * This file owns 垦利街道 (370505001) and so 垦利区 (370505): the escalation job moves every open alert
 * of a street, so another file's alerts in the same street would reach this street's centre too.
 */
const VILLAGE = '370505001001';
const STREET = '370505001';
const DISTRICT = '370505';
let GRID: string;
const DAY = addDays(localDate(new Date()), 40);
const at = (hhmm: string, day: string) => localDateTime(day, hhmm).toISOString();

let gridworker: StaffSession;
let streetCentre: StaffSession;
let districtCentre: StaffSession;

beforeAll(async () => {
  GRID = (await newGrid(VILLAGE)).gridCode;
  [gridworker, streetCentre, districtCentre] = await Promise.all([
    newGridworker(GRID),
    newStaff({ role: 'centre', regionCode: STREET }),
    newStaff({ role: 'centre', regionCode: DISTRICT }),
  ]);
});

/** A person quarantined that morning whose morning check is missed: its alert is raised at 10:05. */
async function missedCheck(day: string): Promise<string> {
  const household = await newHousehold(GRID);
  const person = household.members[0]!.person;
  const res = await api('POST', '/v1/quarantines', {
    token: gridworker.token,
    body: { personIds: [person.personId], reason: 'close_contact', startDate: day },
    headers: { 'x-local-now': at('07:00', day) },
  });
  const quarantineId = expectBody(res, 201, quarantineListSchema).items[0]!.quarantineId;
  await runSchedule('detectMissedChecks', at('10:05', day));
  return `M.${quarantineId}.${day.replaceAll('-', '')}.m`;
}

async function messagesTo(openid: string) {
  return (await weChatCalls()).filter(
    (c) => c.path === '/cgi-bin/message/subscribe/send' && (c.body as { touser?: string }).touser === openid,
  );
}

async function tasksOf(code: string, token: string) {
  return expectBody(await api('GET', `/v1/regions/${code}/tasks`, { token }), 200, regionTaskListSchema)
    .items;
}

describe('escalated alerts reach their centre', () => {
  it('messages the street centre that granted it, and leaves the district a task when nobody there could be told', async () => {
    expectBody(
      await api('POST', '/v1/subscriptions', { token: streetCentre.token, body: { accepted: ['alert'] } }),
      200,
      subscriptionsSchema,
    );
    const alertId = await missedCheck(DAY);

    await runSchedule('escalateAlerts', at('12:10', DAY));
    const sent = await messagesTo(streetCentre.openid);
    expect(sent).toHaveLength(1);
    expect(sent[0]!.body).toMatchObject({
      template_id: 'tpl-alert',
      data: { thing1: { value: expect.stringContaining('漏报预警升级') } },
    });
    expect((await tasksOf(STREET, streetCentre.token)).map((t) => t.alertId)).not.toContain(alertId);
    // The job running again moves nothing and tells nobody again.
    await runSchedule('escalateAlerts', at('12:20', DAY));
    expect(await messagesTo(streetCentre.openid)).toHaveLength(1);

    // The district centre never granted the template: the alert lands on its task list, once.
    await runSchedule('escalateAlerts', at('14:20', DAY));
    await runSchedule('escalateAlerts', at('14:30', DAY));
    expect(await messagesTo(districtCentre.openid)).toHaveLength(0);
    const tasks = (await tasksOf(DISTRICT, districtCentre.token)).filter((t) => t.alertId === alertId);
    expect(tasks).toEqual([
      expect.objectContaining({
        kind: 'ALERT_ESCALATED',
        regionCode: DISTRICT,
        level: 'district',
        alertKind: 'MISSED_CHECK',
        gridCode: GRID,
      }),
    ]);
    const admin = await demo('demo-admin');
    expect((await tasksOf(DISTRICT, admin.token)).map((t) => t.alertId)).toContain(alertId);
  });

  it('gives the street a task once its only centre is disabled, or its grants are used up', async () => {
    const day = addDays(DAY, 1);
    // The street centre's one grant went on the first test's message: nobody can be told now.
    const alertId = await missedCheck(day);
    await runSchedule('escalateAlerts', at('12:10', day));
    expect((await tasksOf(STREET, streetCentre.token)).map((t) => t.alertId)).toContain(alertId);

    const other = await newStaff({ role: 'centre', regionCode: STREET });
    expectBody(
      await api('POST', '/v1/subscriptions', { token: other.token, body: { accepted: ['alert'] } }),
      200,
      subscriptionsSchema,
    );
    const admin = await demo('demo-admin');
    expectBody(
      await api('POST', `/v1/staff/${other.staff.userId}/disable`, { token: admin.token }),
      200,
      staffSchema,
    );
    const next = addDays(day, 1);
    const nextAlert = await missedCheck(next);
    await runSchedule('escalateAlerts', at('12:10', next));
    expect(await messagesTo(other.openid)).toHaveLength(0);
    expect((await tasksOf(STREET, streetCentre.token)).map((t) => t.alertId)).toContain(nextAlert);
  });

  it('pages a centre’s tasks newest first, and drops a task once its alert is resolved', async () => {
    // The second test left the street several tasks (each of its job runs escalated missed checks).
    const first = expectBody(
      await api('GET', `/v1/regions/${STREET}/tasks?limit=1`, { token: streetCentre.token }),
      200,
      regionTaskListSchema,
    );
    expect(first.items).toHaveLength(1);
    expect(first.nextCursor).toEqual(expect.any(String));
    const second = expectBody(
      await api('GET', `/v1/regions/${STREET}/tasks?limit=1&cursor=${first.nextCursor}`, {
        token: streetCentre.token,
      }),
      200,
      regionTaskListSchema,
    );
    expect(second.items).toHaveLength(1);
    expect(second.items[0]!.alertId).not.toBe(first.items[0]!.alertId);
    expect(second.items[0]!.createdAt <= first.items[0]!.createdAt).toBe(true);
    // A cursor of the street's list is refused on the district's.
    expectError(
      await api('GET', `/v1/regions/${DISTRICT}/tasks?cursor=${first.nextCursor}`, {
        token: districtCentre.token,
      }),
      400,
      'INVALID_CURSOR',
    );

    const resolved = first.items[0]!.alertId;
    expectBody(
      await api('POST', `/v1/alerts/${resolved}/resolve`, {
        token: streetCentre.token,
        body: { note: '已电话联系，补报体温' },
      }),
      200,
      alertSchema,
    );
    const left = (await tasksOf(STREET, streetCentre.token)).map((t) => t.alertId);
    expect(left).not.toContain(resolved);
    expect(left).toContain(second.items[0]!.alertId);
    // Resolving again is refused and changes nothing; the job running later puts no task back.
    expectError(
      await api('POST', `/v1/alerts/${resolved}/resolve`, {
        token: streetCentre.token,
        body: { note: '再次' },
      }),
      409,
      'INVALID_TRANSITION',
    );
    await runSchedule('escalateAlerts', at('23:50', addDays(DAY, 3)));
    expect((await tasksOf(STREET, streetCentre.token)).map((t) => t.alertId)).not.toContain(resolved);
    expect((await tasksOf(DISTRICT, districtCentre.token)).map((t) => t.alertId)).not.toContain(resolved);
  });

  it('shows a centre only its own region’s tasks', async () => {
    expectError(
      await api('GET', `/v1/regions/${DISTRICT}/tasks`, { token: streetCentre.token }),
      403,
      'FORBIDDEN_SCOPE',
    );
    expectError(
      await api('GET', `/v1/regions/${STREET}/tasks`, { token: gridworker.token }),
      403,
      'FORBIDDEN_ROLE',
    );
  });
});
