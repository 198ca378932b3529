/**
 * Live statistics over HTTP. This file owns 辛店街道 (370502004): nobody else writes there, so
 * its street, community and grid figures change only by what these tests do.
 */
import {
  type AttributeValue,
  GetItemCommand,
  PutItemCommand,
  UpdateItemCommand,
} from '@aws-sdk/client-dynamodb';
import {
  addDays,
  childrenStatsSchema,
  localDate,
  localDateTime,
  pendingPageSchema,
  regionStatsSchema,
  trendSchema,
} from '@grid/shared';
import type { DynamoDBStreamEvent } from 'aws-lambda';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api, drainStreams, newKey, runSchedule, stack } from './support/client';
import {
  demo,
  expectBody,
  expectError,
  GRIDS,
  newGridworker,
  newHousehold,
  type StaffSession,
  type TestHousehold,
} from './support/fixtures';
import { configureLikeTheStack, restoreEnvironment, stackDynamo } from './support/in-process';
import { streamConsumerInThisProcess } from './support/stream-consumer';

const GRID = GRIDS.stats;
const SIBLING = GRIDS.statsSibling;
/** A grid of the same street that only the redelivery test writes to. */
const SCRATCH = '370502004003003';
const VILLAGE = GRID.slice(0, 12);
const STREET = GRID.slice(0, 9);

let gridworker: StaffSession;
let admin: { token: string };

beforeAll(async () => {
  [gridworker, admin] = await Promise.all([newGridworker(GRID, SIBLING), demo('demo-admin')]);
});
afterAll(restoreEnvironment);

const today = () => localDate(new Date());

async function stats(code: string, token = admin.token) {
  return expectBody(await api('GET', `/v1/stats/${code}`, { token }), 200, regionStatsSchema);
}

async function report(h: TestHousehold, memberIndex: number, temperature: number) {
  const res = await api('POST', `/v1/persons/${h.members[memberIndex]!.person.personId}/health-reports`, {
    token: h.owner.token,
    body: { temperature },
    headers: { 'idempotency-key': newKey() },
  });
  expect(res.status).toBe(201);
  return res.body as { submissionId: string };
}

async function pendingCount(grid: string): Promise<number> {
  let count = 0;
  let cursor: string | null = null;
  do {
    const page: { items: unknown[]; nextCursor: string | null } = expectBody(
      await api('GET', `/v1/grids/${grid}/pending?type=health&limit=50${cursor ? `&cursor=${cursor}` : ''}`, {
        token: gridworker.token,
      }),
      200,
      pendingPageSchema,
    );
    count += page.items.length;
    cursor = page.nextCursor;
  } while (cursor);
  return count;
}

describe('live statistics', () => {
  it('equal a recount after concurrent writes, at every level', async () => {
    await drainStreams();
    const before = { grid: await stats(GRID), sibling: await stats(SIBLING), street: await stats(STREET) };

    // Eight households in two grids report at once; a quarter of the reports are fevers.
    const households = await Promise.all(
      Array.from({ length: 8 }, (_, i) => newHousehold(i % 2 === 0 ? GRID : SIBLING)),
    );
    const temperatures = [36.5, 37.3, 36.8, 36.6];
    const reports = await Promise.all(
      households.flatMap((h, i) =>
        [0, 1].map((m) => report(h, m, temperatures[(i + m) % 4]!).then(() => h.household.gridCode)),
      ),
    );
    // Two of them are verified.
    const firstGrid = households[0]!;
    const pendingFirst = expectBody(
      await api('GET', `/v1/grids/${GRID}/pending?type=health&limit=50`, { token: gridworker.token }),
      200,
      pendingPageSchema,
    );
    const mine = pendingFirst.items.filter((p) =>
      firstGrid.members.some((m) => m.person.personId === p.personId),
    );
    await Promise.all(
      mine.map((p) =>
        api('POST', `/v1/submissions/${p.submissionId}/verify`, {
          token: gridworker.token,
          body: { decision: 'confirmed', method: 'phone' },
        }),
      ),
    );
    await drainStreams();

    const after = { grid: await stats(GRID), sibling: await stats(SIBLING), street: await stats(STREET) };
    const inGrid = reports.filter((g) => g === GRID).length;
    const fevers = (grid: string) =>
      households
        .map((h, i) =>
          h.household.gridCode === grid ? [0, 1].filter((m) => temperatures[(i + m) % 4]! >= 37.3).length : 0,
        )
        .reduce((a, b) => a + b, 0);

    expect(after.grid.date).toBe(today());
    expect(after.grid.flows.healthReports - before.grid.flows.healthReports).toBe(inGrid);
    expect(after.grid.flows.fevers - before.grid.flows.fevers).toBe(fevers(GRID));
    expect(after.grid.flows.verified - before.grid.flows.verified).toBe(mine.length);
    expect(after.grid.gauges.households - before.grid.gauges.households).toBe(4);
    // Gauges equal a recount of the base records.
    expect(after.grid.gauges.pendingHealth).toBe(await pendingCount(GRID));
    expect(after.sibling.gauges.pendingHealth).toBe(await pendingCount(SIBLING));

    // The street is the sum of what happened in its grids (only this file writes there).
    for (const metric of ['healthReports', 'fevers', 'verified'] as const) {
      expect(after.street.flows[metric] - before.street.flows[metric]).toBe(
        after.grid.flows[metric] -
          before.grid.flows[metric] +
          (after.sibling.flows[metric] - before.sibling.flows[metric]),
      );
    }
    expect(after.street.gauges.pendingHealth).toBe(
      after.grid.gauges.pendingHealth + after.sibling.gauges.pendingHealth,
    );
  });

  it('drills down level by level, each level the sum of its children', async () => {
    await drainStreams();
    const street = await stats(STREET);
    const children = expectBody(
      await api('GET', `/v1/stats/${STREET}/children`, { token: admin.token }),
      200,
      childrenStatsSchema,
    );
    expect(children.items.map((c) => c.level)).toEqual(children.items.map(() => 'village'));
    expect(children.items.find((c) => c.code === VILLAGE)?.name).toMatch(/社区|村/);
    const sum = children.items.reduce((total, c) => total + c.flows.healthReports, 0);
    expect(sum).toBe(street.flows.healthReports);

    const grids = expectBody(
      await api('GET', `/v1/stats/${VILLAGE}/children`, { token: admin.token }),
      200,
      childrenStatsSchema,
    );
    const gridCodes = grids.items.map((c) => c.code);
    expect(gridCodes).toEqual(expect.arrayContaining([GRID, SIBLING]));
    const village = await stats(VILLAGE);
    expect(grids.items.reduce((t, c) => t + c.gauges.pendingHealth, 0)).toBe(village.gauges.pendingHealth);
  });

  it('gives a 14-day trend ending today', async () => {
    const trend = expectBody(
      await api('GET', `/v1/stats/${STREET}/trend`, { token: admin.token }),
      200,
      trendSchema,
    );
    expect(trend.days).toHaveLength(14);
    expect(trend.days.at(-1)?.date).toBe(today());
    expect(trend.days.at(-1)?.flows.healthReports).toBe((await stats(STREET)).flows.healthReports);
  });

  it('counts a redelivered stream batch once', async () => {
    const h = await newHousehold(GRID);
    const { submissionId } = await report(h, 0, 38.2);
    await drainStreams();
    const before = await stats(SCRATCH);

    // Feed the counter the same change again, as Lambda does after a partial batch failure.
    configureLikeTheStack();
    const { handler } = await streamConsumerInThisProcess('statsCounter');
    const [, personId, compactDate, slot] = submissionId.split('.');
    const dynamo = stackDynamo();
    const date = `${compactDate!.slice(0, 4)}-${compactDate!.slice(4, 6)}-${compactDate!.slice(6)}`;
    const item = await dynamo.send(
      new GetItemCommand({
        TableName: stack().tableName,
        Key: {
          pk: { S: `PERSON#${personId}` },
          sk: { S: `HR#${date}#${slot === 'm' ? 'morning' : 'evening'}` },
        },
      }),
    );
    dynamo.destroy();
    // The report's image, moved to a grid nobody else counts in, delivered twice with one event id.
    const image = { ...(item.Item as Record<string, AttributeValue>), gridCode: { S: SCRATCH } };
    const redelivered = {
      Records: [
        {
          eventID: `redelivery-${submissionId}`,
          eventName: 'INSERT',
          dynamodb: { SequenceNumber: '1', NewImage: image },
        },
      ],
    } as unknown as DynamoDBStreamEvent;
    expect(await handler(redelivered)).toEqual({ batchItemFailures: [] });
    expect(await handler(redelivered)).toEqual({ batchItemFailures: [] });
    const after = await stats(SCRATCH);
    expect(after.flows.healthReports).toBe(before.flows.healthReports + 1);
    expect(after.flows.fevers).toBe(before.flows.fevers + 1);
    expect(after.gauges.pendingHealth).toBe(before.gauges.pendingHealth + 1);
  });

  it('applies once a journal a crashed consumer recorded but did not apply', async () => {
    await drainStreams();
    const before = await stats(SCRATCH);
    // What step 1 leaves behind when the consumer dies before step 2: the journal item alone.
    const journal = {
      pk: { S: `STATSJ#crash-${newKey()}` },
      sk: { S: 'STATSJ' },
      type: { S: 'STATS_JOURNAL' },
      counters: {
        L: [
          {
            M: {
              code: { S: SCRATCH },
              period: { M: { kind: { S: 'now' } } },
              deltas: { M: { pendingHealth: { N: '3' } } },
            },
          },
        ],
      },
    };
    const dynamo = stackDynamo();
    await dynamo.send(new PutItemCommand({ TableName: stack().tableName, Item: journal }));
    dynamo.destroy();
    // The table's stream delivers its INSERT to the consumer: applied, and deleted.
    await drainStreams();
    expect((await stats(SCRATCH)).gauges.pendingHealth).toBe(before.gauges.pendingHealth + 3);

    // Delivered again (a retried batch): already applied, nothing changes.
    configureLikeTheStack();
    const { handler } = await streamConsumerInThisProcess('statsCounter');
    const again = {
      Records: [
        {
          eventID: `journal-${newKey()}`,
          eventName: 'INSERT',
          dynamodb: { SequenceNumber: '2', NewImage: journal },
        },
      ],
    } as unknown as DynamoDBStreamEvent;
    expect(await handler(again)).toEqual({ batchItemFailures: [] });
    expect((await stats(SCRATCH)).gauges.pendingHealth).toBe(before.gauges.pendingHealth + 3);
    // Put the scratch grid back for the tests after this one.
    const fix = stackDynamo();
    await fix.send(
      new UpdateItemCommand({
        TableName: stack().tableName,
        Key: { pk: { S: `STAT#${SCRATCH}` }, sk: { S: 'NOW' } },
        UpdateExpression: 'ADD pendingHealth :d',
        ExpressionAttributeValues: { ':d': { N: '-3' } },
      }),
    );
    fix.destroy();
  });

  it('repairs drift in the current levels with the reconcile job', async () => {
    await drainStreams();
    const truth = await stats(GRID);
    const dynamo = stackDynamo();
    // A lost batch: the grid's pending count is 5 too high.
    await dynamo.send(
      new UpdateItemCommand({
        TableName: stack().tableName,
        Key: { pk: { S: `STAT#${GRID}` }, sk: { S: 'NOW' } },
        UpdateExpression: 'ADD pendingHealth :d',
        ExpressionAttributeValues: { ':d': { N: '5' } },
      }),
    );
    dynamo.destroy();
    expect((await stats(GRID)).gauges.pendingHealth).toBe(truth.gauges.pendingHealth + 5);
    await runSchedule('reconcileStats');
    expect((await stats(GRID)).gauges.pendingHealth).toBe(truth.gauges.pendingHealth);
    expect((await stats(GRID)).gauges.pendingHealth).toBe(await pendingCount(GRID));
  });

  it('recounts a past day from the base records at night and repairs its counts', async () => {
    // A day nobody else writes to: quarantines placed "on" it through the per-request clock.
    const day = addDays(today(), 50);
    const at = (hhmm: string, d = day) => localDateTime(d, hhmm).toISOString();
    const h = await newHousehold(GRID);
    const placed = await api('POST', '/v1/quarantines', {
      token: gridworker.token,
      body: { personIds: [h.members[0]!.person.personId], reason: 'other', startDate: day },
      headers: { 'x-local-now': at('09:00') },
    });
    expect(placed.status).toBe(201);
    await drainStreams();
    const dayStats = async () =>
      expectBody(
        await api('GET', `/v1/stats/${GRID}?date=${day}`, { token: admin.token }),
        200,
        regionStatsSchema,
      ).flows;
    expect((await dayStats()).quarantinesStarted).toBe(1);

    // Drift: the day's item says 4.
    const dynamo = stackDynamo();
    await dynamo.send(
      new UpdateItemCommand({
        TableName: stack().tableName,
        Key: { pk: { S: `STAT#${GRID}` }, sk: { S: `DAY#${day}` } },
        UpdateExpression: 'ADD quarantinesStarted :d',
        ExpressionAttributeValues: { ':d': { N: '3' } },
      }),
    );
    dynamo.destroy();
    expect((await dayStats()).quarantinesStarted).toBe(4);

    // The nightly job recounts "yesterday": run it just after midnight of the next day.
    await runSchedule('reconcileStatsDay', at('00:30', addDays(day, 1)));
    expect((await dayStats()).quarantinesStarted).toBe(1);
  });

  it('is scoped: a gridworker reads its grids only, a street centre its street only', async () => {
    expect((await stats(GRID, gridworker.token)).code).toBe(GRID);
    expectError(await api('GET', `/v1/stats/${STREET}`, { token: gridworker.token }), 403, 'FORBIDDEN_SCOPE');
    const streetCentre = await demo('demo-street');
    expectError(
      await api('GET', `/v1/stats/${STREET}`, { token: streetCentre.token }),
      403,
      'FORBIDDEN_SCOPE',
    );
    expectError(await api('GET', '/v1/stats/37050', { token: admin.token }), 400, 'REGION_CODE_INVALID');
  });
});
