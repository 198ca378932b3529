/**
 * What a change to a base record means for the statistics: the counter deltas of one stream
 * record, per grid, before they are rolled up to village, street, district and city.
 */
import { ancestorsOf, entryFlowMetrics, type FlowMetric, type GaugeMetric, localDate } from '@grid/shared';
import { streamItemSchemas } from '../../../lib/streams/stream-items';
import type { CounterDelta } from '../entities/stats';

type Item = Record<string, unknown>;

export interface Change {
  eventName: 'INSERT' | 'MODIFY' | 'REMOVE';
  oldItem: Item | undefined;
  newItem: Item | undefined;
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
const statusOf = (i: Item | undefined) => str((i?.verification as Item | undefined)?.status);

function submissionDeltas(c: Change, kind: 'health' | 'travel'): GridDelta[] {
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
    const at = str((n.verification as Item | undefined)?.verifiedAt);
    if (at) out.push({ grid, metric: 'verified', date: localDate(at), delta: 1 });
  } else if (c.eventName === 'REMOVE' && o && statusOf(o) === 'pending') {
    out.push({ grid: String(o.gridCode), metric: pendingMetric, delta: -1 });
  }
  return out;
}

function bothDone(i: Item | undefined, date: string): boolean {
  const checks = i?.checks as Item | null | undefined;
  return !!checks && checks.date === date && checks.morning === true && checks.evening === true;
}

function quarantineDeltas(c: Change): GridDelta[] {
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
    const doneDate = str((o.checks as Item | null | undefined)?.date);
    const leavesWithBothDone = (at: string) =>
      doneDate !== undefined && bothDone(o, doneDate) && localDate(at) === doneDate;
    if (o.status === 'active' && n.status !== 'active') {
      const history = (n.history as Item[] | undefined) ?? [];
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
    const date = str((n.checks as Item | null | undefined)?.date);
    if (date && bothDone(n, date) && !bothDone(o, date)) {
      out.push({ grid: String(n.gridCode), metric: 'bothChecksDone', date, delta: 1 });
    }
  }
  return out;
}

function alertDeltas(c: Change): GridDelta[] {
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

function supplyDeltas(c: Change): GridDelta[] {
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

function householdDeltas(c: Change): GridDelta[] {
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
  const type = str(c.newItem?.type) ?? str(c.oldItem?.type);
  switch (type) {
    case 'HEALTH_REPORT':
      return submissionDeltas(c, 'health');
    case 'TRAVEL_DECLARATION':
      return submissionDeltas(c, 'travel');
    case 'QUARANTINE':
      return quarantineDeltas(c);
    case 'ALERT':
      return alertDeltas(c);
    case 'SUPPLY_REQUEST':
      return supplyDeltas(c);
    case 'HOUSEHOLD':
      return householdDeltas(c);
    case 'CHECKPOINT_ENTRY':
      return c.eventName === 'INSERT' && c.newItem ? checkpointEntryDeltas(c.newItem) : [];
    case 'SCREENED_DAY':
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
    default:
      return [];
  }
}

/** The grid and every region above it down from the city: the levels a grid's count rolls up to. */
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
  switch (item.type) {
    case 'HEALTH_REPORT':
      if (item.date === date) {
        add('healthReports');
        if (item.fever === true) add('fevers');
      }
      if (on((item.verification as Item | undefined)?.verifiedAt)) add('verified');
      break;
    case 'TRAVEL_DECLARATION':
      if (on(item.createdAt)) {
        add('travelDeclarations');
        if (item.riskFlagged === true) add('riskFlagged');
      }
      if (on((item.verification as Item | undefined)?.verifiedAt)) add('verified');
      break;
    case 'QUARANTINE': {
      if (on(item.createdAt)) add('quarantinesStarted');
      const history = (item.history as Item[] | undefined) ?? [];
      if (item.status !== 'active' && on(history[history.length - 1]?.at)) add('quarantinesReleased');
      break;
    }
    case 'ALERT':
      if (on(item.createdAt)) {
        add('alertsRaised');
        if (item.kind === 'MISSED_CHECK') add('missedChecks');
      }
      break;
    case 'SUPPLY_REQUEST':
      if (((item.history as Item[] | undefined) ?? []).some((e) => e.status === 'delivered' && on(e.at))) {
        add('supplyDelivered');
      }
      break;
    case 'SCREENED_DAY':
      if (item.date === date) add('householdsScreened');
      break;
    case 'CHECKPOINT_ENTRY':
      if (item.date === date) out.push(...checkpointEntryDeltas(item));
      break;
  }
  return out;
}
