/**
 * Statistics items. Every region and grid has one item per Shanghai day (flows) and one item of
 * levels now (gauges), each listed under its parent in gsi1 so a drill-down is one query.
 * Increments are recorded in a journal item in the same transaction as a marker per stream event,
 * so an event is counted once however often its batch is delivered; the journal is then applied to
 * the stats items and deleted in one transaction, so it is applied once (see applyJournal).
 */
import { GetCommand, QueryCommand, TransactWriteCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { addDays, FLOW_METRICS, type Flows, GAUGE_METRICS, type Gauges, parentOf } from '@grid/shared';
import { batchGet } from '../../../lib/dynamo/batch';
import { db, tableName } from '../../../lib/dynamo/client';
import { keys } from '../../../lib/dynamo/keys';
import { queryAll } from '../../../lib/dynamo/query-all';
import { failedConditions } from '../../../lib/dynamo/transactions';

export type Period = { kind: 'day'; date: string } | { kind: 'now' };

/** Sums to add to one stats item. */
export interface CounterDelta {
  code: string;
  period: Period;
  deltas: Record<string, number>;
}

const MARKER_TTL_SECONDS = 3 * 24 * 3600;

function itemKey(code: string, period: Period) {
  return period.kind === 'day' ? keys.statsDay(code, period.date) : keys.statsNow(code);
}

function childListKeys(code: string, period: Period) {
  const parent = parentOf(code) ?? 'ROOT';
  return { gsi1pk: keys.statsChildren(parent, period.kind === 'day' ? period.date : 'NOW'), gsi1sk: code };
}

function counterUpdate(delta: CounterDelta) {
  const names: Record<string, string> = {};
  const values: Record<string, unknown> = {};
  const adds: string[] = [];
  Object.entries(delta.deltas).forEach(([metric, value], i) => {
    names[`#m${i}`] = metric;
    values[`:m${i}`] = value;
    adds.push(`#m${i} :m${i}`);
  });
  const list = childListKeys(delta.code, delta.period);
  return {
    TableName: tableName(),
    Key: itemKey(delta.code, delta.period),
    UpdateExpression: `SET #type = :type, code = :code, gsi1pk = :g1, gsi1sk = :g2 ADD ${adds.join(', ')}`,
    ExpressionAttributeNames: { ...names, '#type': 'type' },
    ExpressionAttributeValues: {
      ...values,
      ':type': 'STATS',
      ':code': delta.code,
      ':g1': list.gsi1pk,
      ':g2': list.gsi1sk,
    },
  };
}

/** A transaction holds at most 100 items; a journal's application also deletes the journal. */
export const COUNTERS_PER_JOURNAL = 99;

export interface Journal {
  id: string;
  counters: CounterDelta[];
}

/**
 * Records the counters of some events once: one transaction with a marker per event and the
 * journals holding their coalesced counters. Returns the ids of events already counted (their
 * markers existed); nothing is recorded then, and the caller retries without them.
 */
export async function journalOnce(
  eventIds: string[],
  journals: Journal[],
  nowSeconds: number,
): Promise<string[]> {
  try {
    await db().send(
      new TransactWriteCommand({
        TransactItems: [
          ...eventIds.map((id) => ({
            Put: {
              TableName: tableName(),
              Item: {
                ...keys.statsEvent(id),
                type: 'STATS_EVENT',
                expiresAt: nowSeconds + MARKER_TTL_SECONDS,
              },
              ConditionExpression: 'attribute_not_exists(pk)',
            },
          })),
          ...journals.map((j) => ({
            Put: {
              TableName: tableName(),
              Item: { ...keys.statsJournal(j.id), type: 'STATS_JOURNAL', counters: j.counters },
            },
          })),
        ],
      }),
    );
    return [];
  } catch (err) {
    const failed = failedConditions(err);
    if (!failed) throw err;
    return eventIds.filter((_, i) => failed[i]);
  }
}

/**
 * Applies a journal's counters and deletes it, in one transaction conditioned on the journal still
 * being there: a journal is applied once, whether by the consumer that wrote it or, after a crash
 * in between, by the consumer reading its INSERT from the stream. False when it was already applied.
 */
export async function applyJournal(journal: Journal): Promise<boolean> {
  try {
    await db().send(
      new TransactWriteCommand({
        TransactItems: [
          {
            Delete: {
              TableName: tableName(),
              Key: keys.statsJournal(journal.id),
              ConditionExpression: 'attribute_exists(pk)',
            },
          },
          ...journal.counters.map((c) => ({ Update: counterUpdate(c) })),
        ],
      }),
    );
    return true;
  } catch (err) {
    if (failedConditions(err)?.[0]) return false;
    throw err;
  }
}

/** Whether a journal is still waiting to be applied (a consistent read of its key only). */
export async function journalPending(journalId: string): Promise<boolean> {
  const out = await db().send(
    new GetCommand({
      TableName: tableName(),
      Key: keys.statsJournal(journalId),
      ConsistentRead: true,
      ProjectionExpression: 'pk',
    }),
  );
  return out.Item !== undefined;
}

/** Adds a correction (reconcile), without event markers. */
export async function addToCounter(delta: CounterDelta): Promise<void> {
  await db().send(new UpdateCommand(counterUpdate(delta)));
}

function toFlows(item: Record<string, unknown> | undefined): Flows {
  return Object.fromEntries(FLOW_METRICS.map((m) => [m, Number(item?.[m] ?? 0)])) as Flows;
}
function toGauges(item: Record<string, unknown> | undefined): Gauges {
  return Object.fromEntries(GAUGE_METRICS.map((m) => [m, Number(item?.[m] ?? 0)])) as Gauges;
}

/** A region with nothing counted yet. */
export const NO_FIGURES: { flows: Flows; gauges: Gauges } = {
  flows: toFlows(undefined),
  gauges: toGauges(undefined),
};

/** A region's levels now: one GetItem. */
export async function readGauges(code: string): Promise<Gauges> {
  const out = await db().send(new GetCommand({ TableName: tableName(), Key: keys.statsNow(code) }));
  return toGauges(out.Item);
}

/** A region's day and its levels now: one BatchGet of two items. */
export async function readFigures(code: string, date: string): Promise<{ flows: Flows; gauges: Gauges }> {
  const items = await batchGet<Record<string, unknown>>([keys.statsDay(code, date), keys.statsNow(code)]);
  const day = items.find((i) => i.sk === `DAY#${date}`);
  const now = items.find((i) => i.sk === 'NOW');
  return { flows: toFlows(day), gauges: toGauges(now) };
}

export async function readTrend(
  code: string,
  from: string,
  to: string,
): Promise<Array<{ date: string; flows: Flows }>> {
  const out = await db().send(
    new QueryCommand({
      TableName: tableName(),
      KeyConditionExpression: 'pk = :pk AND sk BETWEEN :from AND :to',
      ExpressionAttributeValues: { ':pk': `STAT#${code}`, ':from': `DAY#${from}`, ':to': `DAY#${to}` },
    }),
  );
  const byDate = new Map((out.Items ?? []).map((i) => [String(i.sk).slice(4), toFlows(i)]));
  const days: Array<{ date: string; flows: Flows }> = [];
  for (let d = from; d <= to; d = addDays(d, 1))
    days.push({ date: d, flows: byDate.get(d) ?? toFlows(undefined) });
  return days;
}

function queryChildren(parentCode: string, period: string): Promise<Array<Record<string, unknown>>> {
  return queryAll({
    IndexName: 'gsi1',
    KeyConditionExpression: 'gsi1pk = :pk',
    ExpressionAttributeValues: { ':pk': keys.statsChildren(parentCode, period) },
  });
}

/** The children's figures of a region: two queries, whatever the population. */
export async function readChildrenFigures(parentCode: string, date: string) {
  const [days, nows] = await Promise.all([queryChildren(parentCode, date), queryChildren(parentCode, 'NOW')]);
  const byCode = new Map<string, { flows: Flows; gauges: Gauges }>();
  for (const i of days) byCode.set(String(i.code), { flows: toFlows(i), gauges: toGauges(undefined) });
  for (const i of nows) {
    const entry = byCode.get(String(i.code)) ?? { flows: toFlows(undefined), gauges: toGauges(undefined) };
    entry.gauges = toGauges(i);
    byCode.set(String(i.code), entry);
  }
  return byCode;
}
