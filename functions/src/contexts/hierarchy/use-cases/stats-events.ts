/**
 * What a change to a base record means for the statistics: the counter deltas of one stream
 * record, per grid, before they are rolled up to village, street, district and city.
 */
import { ancestorsOf, entryFlowMetrics, type FlowMetric, type GaugeMetric, localDate } from '@grid/shared';
import { type StreamItemOf, type StreamItemType, streamItemSchemas } from '../../../lib/streams/stream-items';
import type { CounterDelta } from '../entities/stats';

type Item = Record<string, unknown>;

export interface Change {
  eventName: 'INSERT' | 'MODIFY' | 'REMOVE';
  oldItem: Item | undefined;
  newItem: Item | undefined;
}

/**
 * An image as the counters read it: the item's entity schema (the stream dispatcher parsed it with
 * that schema), every field optional so a hand-made change of a few fields reads the same.
 */
type Image<K extends StreamItemType> = Partial<StreamItemOf<K>>;
type ChangeOf<K extends StreamItemType> = Change & {
  oldItem: Image<K> | undefined;
  newItem: Image<K> | undefined;
};

const typeOf = (c: Change) => str(c.newItem?.type) ?? str(c.oldItem?.type);

/** Narrows a change by its item type (the new image's, else the old one's). */
function isChangeOf<K extends StreamItemType>(c: Change, type: K): c is ChangeOf<K> {
  return typeOf(c) === type;
}

/** Narrows a stored item (read by the reconcile scan) by its type. */
function isItemOf<K extends StreamItemType>(item: Item, type: K): item is Item & Image<K> {
  return item.type === type;
}

interface GridDelta {
  grid: string;
  metric: FlowMetric | GaugeMetric;
  /** A Shanghai day for flows; undefined for gauges. */
  date?: string;
  delta: number;
}

const OPEN_SUPPLY = new Set(['submitted', 'accepted']);
const str = (v: unknown) => (typeof v === 'string' ? v : undefined);
type Submission = Image<'HEALTH_REPORT'> | Image<'TRAVEL_DECLARATION'>;
const statusOf = (i: Submission | undefined) => str(i?.verification?.status);

function submissionDeltas(
  c: ChangeOf<'HEALTH_REPORT'> | ChangeOf<'TRAVEL_DECLARATION'>,
  kind: 'health' | 'travel',
): GridDelta[] {
  const out: GridDelta[] = [];
  const pendingMetric = kind === 'health' ? 'pendingHealth' : 'pendingTravel';
  const { oldItem: o, newItem: n } = c;
  if (c.eventName === 'INSERT' && n) {
    const grid = String(n.gridCode);
    const date = kind === 'health' ? String(n.date) : localDate(String(n.createdAt));
    out.push({ grid, metric: kind === 'health' ? 'healthReports' : 'travelDeclarations', date, delta: 1 });
    if (kind === 'health' && n.fever === true) out.push({ grid, metric: 'fevers', date, delta: 1 });
    if (kind === 'travel' && n.riskFlagged === true)
      out.push({ grid, metric: 'riskFlagged', date, delta: 1 });
    if (statusOf(n) === 'pending') out.push({ grid, metric: pendingMetric, delta: 1 });
  } else if (c.eventName === 'MODIFY' && o && n && statusOf(o) === 'pending' && statusOf(n) !== 'pending') {
    const grid = String(n.gridCode);
    out.push({ grid, metric: pendingMetric, delta: -1 });
    const at = str(n.verification?.verifiedAt);
    if (at) out.push({ grid, metric: 'verified', date: localDate(at), delta: 1 });
  } else if (c.eventName === 'REMOVE' && o && statusOf(o) === 'pending') {
    out.push({ grid: String(o.gridCode), metric: pendingMetric, delta: -1 });
  }
  return out;
}

function bothDone(i: Image<'QUARANTINE'> | undefined, date: string): boolean {
  const checks = i?.checks;
  return !!checks && checks.date === date && checks.morning === true && checks.evening === true;
}

function quarantineDeltas(c: ChangeOf<'QUARANTINE'>): GridDelta[] {
  const { oldItem: o, newItem: n } = c;
  const out: GridDelta[] = [];
  if (c.eventName === 'INSERT' && n) {
    out.push({ grid: String(n.gridCode), metric: 'quarantinedNow', delta: 1 });
    out.push({
      grid: String(n.gridCode),
      metric: 'quarantinesStarted',
      date: localDate(String(n.createdAt)),
      delta: 1,
    });
  }
  if (c.eventName === 'MODIFY' && o && n) {
    // bothChecksDone counts today's both-checked among those quarantined now (the share's
    // denominator): whoever leaves a grid's quarantinedNow takes today's both-done with them, or a
    // batch released on its last evening leaves the share at 2700%.
    const doneDate = str(o.checks?.date);
    const leavesWithBothDone = (at: string) =>
      doneDate !== undefined && bothDone(o, doneDate) && localDate(at) === doneDate;
    if (o.status === 'active' && n.status !== 'active') {
      const history = n.history ?? [];
      const at = str(history[history.length - 1]?.at) ?? String(n.createdAt);
      out.push({ grid: String(o.gridCode), metric: 'quarantinedNow', delta: -1 });
      out.push({ grid: String(n.gridCode), metric: 'quarantinesReleased', date: localDate(at), delta: 1 });
      if (leavesWithBothDone(at)) {
        out.push({ grid: String(o.gridCode), metric: 'bothChecksDone', date: doneDate!, delta: -1 });
      }
    } else if (o.status === 'active' && n.status === 'active' && o.gridCode !== n.gridCode) {
      out.push({ grid: String(o.gridCode), metric: 'quarantinedNow', delta: -1 });
      out.push({ grid: String(n.gridCode), metric: 'quarantinedNow', delta: 1 });
      if (doneDate !== undefined && bothDone(o, doneDate) && bothDone(n, doneDate)) {
        out.push({ grid: String(o.gridCode), metric: 'bothChecksDone', date: doneDate, delta: -1 });
        out.push({ grid: String(n.gridCode), metric: 'bothChecksDone', date: doneDate, delta: 1 });
      }
    }
    const date = str(n.checks?.date);
    if (date && bothDone(n, date) && !bothDone(o, date)) {
      out.push({ grid: String(n.gridCode), metric: 'bothChecksDone', date, delta: 1 });
    }
  }
  return out;
}

function alertDeltas(c: ChangeOf<'ALERT'>): GridDelta[] {
  const { oldItem: o, newItem: n } = c;
  if (c.eventName === 'INSERT' && n) {
    const grid = String(n.gridCode);
    const date = localDate(String(n.createdAt));
    return [
      { grid, metric: 'openAlerts', delta: 1 },
      { grid, metric: 'alertsRaised', date, delta: 1 },
      ...(n.kind === 'MISSED_CHECK' ? [{ grid, metric: 'missedChecks' as const, date, delta: 1 }] : []),
    ];
  }
  if (c.eventName === 'MODIFY' && o && n && o.status !== 'resolved' && n.status === 'resolved') {
    return [{ grid: String(n.gridCode), metric: 'openAlerts', delta: -1 }];
  }
  return [];
}

function supplyDeltas(c: ChangeOf<'SUPPLY_REQUEST'>): GridDelta[] {
  const { oldItem: o, newItem: n } = c;
  if (c.eventName === 'INSERT' && n && OPEN_SUPPLY.has(String(n.status))) {
    return [{ grid: String(n.gridCode), metric: 'supplyOpen', delta: 1 }];
  }
  if (c.eventName !== 'MODIFY' || !o || !n) return [];
  const out: GridDelta[] = [];
  if (OPEN_SUPPLY.has(String(o.status)) && !OPEN_SUPPLY.has(String(n.status))) {
    out.push({ grid: String(n.gridCode), metric: 'supplyOpen', delta: -1 });
  }
  if (o.status !== 'delivered' && n.status === 'delivered') {
    out.push({
      grid: String(n.gridCode),
      metric: 'supplyDelivered',
      date: localDate(String(n.updatedAt)),
      delta: 1,
    });
  }
  return out;
}

function householdDeltas(c: ChangeOf<'HOUSEHOLD'>): GridDelta[] {
  const { oldItem: o, newItem: n } = c;
  if (c.eventName === 'INSERT' && n) return [{ grid: String(n.gridCode), metric: 'households', delta: 1 }];
  if (c.eventName === 'MODIFY' && o && n && o.gridCode !== n.gridCode) {
    return [
      { grid: String(o.gridCode), metric: 'households', delta: -1 },
      { grid: String(n.gridCode), metric: 'households', delta: 1 },
    ];
  }
  return [];
}

/**
 * A checkpoint's entry (contexts/checkpoints) adds its day's metrics at the checkpoint's grid or,
 * for a village's own gate, at the village (rolled up from there). Entries are never changed.
 */
function checkpointEntryDeltas(item: Item): GridDelta[] {
  const entry = streamItemSchemas.CHECKPOINT_ENTRY.parse(item);
  return entryFlowMetrics(entry).map((metric) => ({
    grid: entry.regionCode,
    metric,
    date: entry.date,
    delta: 1,
  }));
}

export function gridDeltas(c: Change): GridDelta[] {
  if (isChangeOf(c, 'HEALTH_REPORT')) return submissionDeltas(c, 'health');
  if (isChangeOf(c, 'TRAVEL_DECLARATION')) return submissionDeltas(c, 'travel');
  if (isChangeOf(c, 'QUARANTINE')) return quarantineDeltas(c);
  if (isChangeOf(c, 'ALERT')) return alertDeltas(c);
  if (isChangeOf(c, 'SUPPLY_REQUEST')) return supplyDeltas(c);
  if (isChangeOf(c, 'HOUSEHOLD')) return householdDeltas(c);
  if (isChangeOf(c, 'CHECKPOINT_ENTRY')) {
    return c.eventName === 'INSERT' && c.newItem ? checkpointEntryDeltas(c.newItem) : [];
  }
  if (isChangeOf(c, 'SCREENED_DAY')) {
    // One item per household and day, put by the first visit of the day.
    return c.eventName === 'INSERT' && c.newItem
      ? [
          {
            grid: String(c.newItem.gridCode),
            metric: 'householdsScreened',
            date: String(c.newItem.date),
            delta: 1,
          },
        ]
      : [];
  }
  return [];
}

export function levelsOf(grid: string): string[] {
  return [...ancestorsOf(grid).filter((code) => code.length >= 4), grid];
}

/** Sums deltas per stats item (coalescing): each item is written once however many events touch it. */
export function coalesce(deltas: GridDelta[]): CounterDelta[] {
  const byItem = new Map<string, CounterDelta>();
  for (const d of deltas) {
    // A grid, or a village for what belongs to the village itself (its checkpoints).
    if (!/^\d{12}(\d{3})?$/.test(d.grid)) continue;
    for (const code of levelsOf(d.grid)) {
      const period = d.date ? { kind: 'day' as const, date: d.date } : { kind: 'now' as const };
      const id = `${code}|${d.date ?? 'NOW'}`;
      const entry = byItem.get(id) ?? { code, period, deltas: {} };
      entry.deltas[d.metric] = (entry.deltas[d.metric] ?? 0) + d.delta;
      byItem.set(id, entry);
    }
  }
  return [...byItem.values()]
    .map((c) => ({ ...c, deltas: Object.fromEntries(Object.entries(c.deltas).filter(([, v]) => v !== 0)) }))
    .filter((c) => Object.keys(c.deltas).length > 0);
}

/**
 * The day counts one base record contributes to `date`, read from its current state: what the
 * nightly recount sums. (People with both checks done cannot be recounted: a quarantine keeps
 * only today's checks.)
 */
export function dayContributions(item: Item, date: string): GridDelta[] {
  const grid = String(item.gridCode ?? '');
  const on = (at: unknown) => typeof at === 'string' && localDate(at) === date;
  const out: GridDelta[] = [];
  const add = (metric: FlowMetric) => out.push({ grid, metric, date, delta: 1 });
  if (isItemOf(item, 'HEALTH_REPORT')) {
    if (item.date === date) {
      add('healthReports');
      if (item.fever === true) add('fevers');
    }
    if (on(item.verification?.verifiedAt)) add('verified');
  } else if (isItemOf(item, 'TRAVEL_DECLARATION')) {
    if (on(item.createdAt)) {
      add('travelDeclarations');
      if (item.riskFlagged === true) add('riskFlagged');
    }
    if (on(item.verification?.verifiedAt)) add('verified');
  } else if (isItemOf(item, 'QUARANTINE')) {
    if (on(item.createdAt)) add('quarantinesStarted');
    const history = item.history ?? [];
    if (item.status !== 'active' && on(history[history.length - 1]?.at)) add('quarantinesReleased');
  } else if (isItemOf(item, 'ALERT')) {
    if (on(item.createdAt)) {
      add('alertsRaised');
      if (item.kind === 'MISSED_CHECK') add('missedChecks');
    }
  } else if (isItemOf(item, 'SUPPLY_REQUEST')) {
    if ((item.history ?? []).some((e) => e.status === 'delivered' && on(e.at))) add('supplyDelivered');
  } else if (isItemOf(item, 'SCREENED_DAY')) {
    if (item.date === date) add('householdsScreened');
  } else if (isItemOf(item, 'CHECKPOINT_ENTRY')) {
    if (item.date === date) out.push(...checkpointEntryDeltas(item));
  }
  return out;
}
