/**
 * What a change to a base record means for the statistics: the counter deltas of one stream
 * record, per grid, before they are rolled up to village, street, district and city.
 */
import { ancestorsOf, type FlowMetric, type GaugeMetric, localDate } from '@grid/shared';
import type { CounterDelta } from '../data/stats';

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
    if (o.status === 'active' && n.status !== 'active') {
      const history = (n.history as Item[] | undefined) ?? [];
      const at = str(history[history.length - 1]?.at) ?? String(n.createdAt);
      out.push({ grid: String(o.gridCode), metric: 'quarantinedNow', delta: -1 });
      out.push({ grid: String(n.gridCode), metric: 'quarantinesReleased', date: localDate(at), delta: 1 });
    } else if (o.status === 'active' && n.status === 'active' && o.gridCode !== n.gridCode) {
      out.push({ grid: String(o.gridCode), metric: 'quarantinedNow', delta: -1 });
      out.push({ grid: String(n.gridCode), metric: 'quarantinedNow', delta: 1 });
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

/** Item types whose screening visits count as "households screened" (the screening issue's visits). */
export const SCREENING_VISIT_TYPES = new Set(['SCREENING_VISIT']);

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
    default:
      if (type && SCREENING_VISIT_TYPES.has(type) && c.eventName === 'INSERT' && c.newItem) {
        const at = str(c.newItem.visitedAt) ?? str(c.newItem.createdAt) ?? '';
        return at
          ? [
              {
                grid: String(c.newItem.gridCode),
                metric: 'householdsScreened',
                date: localDate(at),
                delta: 1,
              },
            ]
          : [];
      }
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
    if (!/^\d{15}$/.test(d.grid)) continue;
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
