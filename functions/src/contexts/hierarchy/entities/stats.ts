/**
 * Statistics items. Every region and grid has one item per Shanghai day (flows) and one item of
 * levels now (gauges), each listed under its parent in gsi1 so a drill-down is one query.
 * Increments are recorded in a journal item in the same transaction as a marker per stream event,
 * so an event is counted once however often its batch is delivered; the journal is then applied to
 * the stats items and deleted in one transaction, so it is applied once (see applyJournal).
 */
import { GetCommand, QueryCommand, TransactWriteCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import {
  addDays,
  FLOW_METRICS,
  type FlowMetric,
  type Flows,
  GAUGE_METRICS,
  type GaugeMetric,
  type Gauges,
  parentOf,
} from '@grid/shared';
import * as z from 'zod';
import { batchGet } from '../../../lib/dynamo/batch';
import { db, tableName } from '../../../lib/dynamo/client';
import { parseItem, parseItems, parseOptionalItem } from '../../../lib/dynamo/parse-item';
import { queryAll } from '../../../lib/dynamo/query';
import { failedConditions } from '../../../lib/dynamo/transactions';

const periodSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('day'), date: z.string() }),
  z.object({ kind: z.literal('now') }),
]);
export type Period = z.infer<typeof periodSchema>;

/** Sums to add to one stats item. */
const counterDeltaSchema = z.object({
  code: z.string(),
  period: periodSchema,
  deltas: z.record(z.string(), z.number()),
});
export type CounterDelta = z.infer<typeof counterDeltaSchema>;

/** A region's (or grid's) counters: a day's flows or the levels now; a metric never counted is absent. */
const metricFields = Object.fromEntries(
  [...FLOW_METRICS, ...GAUGE_METRICS].map((m) => [m, z.number().optional()]),
) as Record<FlowMetric | GaugeMetric, z.ZodOptional<z.ZodNumber>>;
export const statsItemSchema = z.lazy(() =>
  z.object({ type: z.literal('STATS'), code: z.string(), ...metricFields }),
);
type StatsItem = z.infer<typeof statsItemSchema>;

/** Counters recorded with their events' markers, applied to the stats items in a second step. */
export const statsJournalItemSchema = z.lazy(() =>
  z.object({
    type: z.literal('STATS_JOURNAL'),
    pk: z.string().startsWith('STATSJ#'),
    counters: z.array(counterDeltaSchema),
  }),
);
export type StatsJournalItem = z.infer<typeof statsJournalItemSchema>;

export const statsKeys = {
  /** A region's (or grid's) counts of one Shanghai day. */
  day: (code: string, date: string) => ({ pk: `STAT#${code}`, sk: `DAY#${date}` }),
  /** A region's (or grid's) levels now. */
  now: (code: string) => ({ pk: `STAT#${code}`, sk: 'NOW' }),
  /** gsi1 partition listing the children's stats items of a parent, per day or now. */
  children: (parentCode: string, period: string) => `STATKIDS#${parentCode}#${period}`,
  /** Marks a stream event as counted (expires after a few days). */
  event: (eventId: string) => ({ pk: `STATEV#${eventId}`, sk: 'STATEV' }),
  journal: (journalId: string) => ({ pk: `STATSJ#${journalId}`, sk: 'STATSJ' }),
};

const MARKER_TTL_SECONDS = 3 * 24 * 3600;

function itemKey(code: string, period: Period) {
  return period.kind === 'day' ? statsKeys.day(code, period.date) : statsKeys.now(code);
}

function childListKeys(code: string, period: Period) {
  const parent = parentOf(code) ?? 'ROOT';
  return { gsi1pk: statsKeys.children(parent, period.kind === 'day' ? period.date : 'NOW'), gsi1sk: code };
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
                ...statsKeys.event(id),
                type: 'STATS_EVENT',
                expiresAt: nowSeconds + MARKER_TTL_SECONDS,
              },
              ConditionExpression: 'attribute_not_exists(pk)',
            },
          })),
          ...journals.map((j) => ({
            Put: {
              TableName: tableName(),
              Item: { ...statsKeys.journal(j.id), type: 'STATS_JOURNAL', counters: j.counters },
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

/** The journal a stats journal item holds (its id is in its key). */
export function journalOf(item: StatsJournalItem): Journal {
  return { id: item.pk.slice('STATSJ#'.length), counters: item.counters };
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
              Key: statsKeys.journal(journal.id),
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
      Key: statsKeys.journal(journalId),
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

function toFlows(item: StatsItem | undefined): Flows {
  return Object.fromEntries(FLOW_METRICS.map((m) => [m, Number(item?.[m] ?? 0)])) as Flows;
}
function toGauges(item: StatsItem | undefined): Gauges {
  return Object.fromEntries(GAUGE_METRICS.map((m) => [m, Number(item?.[m] ?? 0)])) as Gauges;
}

/** A region with nothing counted yet. */
export const NO_FIGURES: { flows: Flows; gauges: Gauges } = {
  flows: toFlows(undefined),
  gauges: toGauges(undefined),
};

/** A region's levels now: one GetItem. */
export async function readGauges(code: string): Promise<Gauges> {
  const out = await db().send(new GetCommand({ TableName: tableName(), Key: statsKeys.now(code) }));
  return toGauges(parseOptionalItem(statsItemSchema, out.Item));
}

/** A region's day and its levels now: one BatchGet of two items. */
export async function readFigures(code: string, date: string): Promise<{ flows: Flows; gauges: Gauges }> {
  const dayKey = statsKeys.day(code, date);
  const nowKey = statsKeys.now(code);
  const items = await batchGet<Record<string, unknown>>([dayKey, nowKey]);
  const day = parseOptionalItem(
    statsItemSchema,
    items.find((i) => i.sk === dayKey.sk),
  );
  const now = parseOptionalItem(
    statsItemSchema,
    items.find((i) => i.sk === nowKey.sk),
  );
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
      ExpressionAttributeValues: {
        ':pk': statsKeys.now(code).pk,
        ':from': statsKeys.day(code, from).sk,
        ':to': statsKeys.day(code, to).sk,
      },
    }),
  );
  const byDate = new Map(
    (out.Items ?? []).map((i) => [String(i.sk).slice('DAY#'.length), toFlows(parseItem(statsItemSchema, i))]),
  );
  const days: Array<{ date: string; flows: Flows }> = [];
  for (let d = from; d <= to; d = addDays(d, 1))
    days.push({ date: d, flows: byDate.get(d) ?? toFlows(undefined) });
  return days;
}

async function queryChildren(parentCode: string, period: string): Promise<StatsItem[]> {
  const items = await queryAll({
    IndexName: 'gsi1',
    KeyConditionExpression: 'gsi1pk = :pk',
    ExpressionAttributeValues: { ':pk': statsKeys.children(parentCode, period) },
  });
  return parseItems(statsItemSchema, items);
}

/** The children's figures of a region: two queries, whatever the population. */
export async function readChildrenFigures(parentCode: string, date: string) {
  const [days, nows] = await Promise.all([queryChildren(parentCode, date), queryChildren(parentCode, 'NOW')]);
  const byCode = new Map<string, { flows: Flows; gauges: Gauges }>();
  for (const i of days) byCode.set(i.code, { flows: toFlows(i), gauges: toGauges(undefined) });
  for (const i of nows) {
    const entry = byCode.get(i.code) ?? { flows: toFlows(undefined), gauges: toGauges(undefined) };
    entry.gauges = toGauges(i);
    byCode.set(i.code, entry);
  }
  return byCode;
}
