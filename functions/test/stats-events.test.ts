import { describe, expect, it } from 'vitest';
import { COUNTERS_PER_JOURNAL } from '../src/contexts/hierarchy/entities/stats';
import { type CountedEvent, packTransactions } from '../src/contexts/hierarchy/handlers/stats-counter';
import { cityRegions } from '../src/contexts/hierarchy/regions';
import {
  type Change,
  coalesce,
  gridDeltas,
  levelsOf,
} from '../src/contexts/hierarchy/use-cases/stats-events';

const GRID = '370502004001001';
const OTHER = '370502004002001';

function report(grid: string, i: number, fever = false): Change {
  return {
    eventName: 'INSERT',
    oldItem: undefined,
    newItem: {
      type: 'HEALTH_REPORT',
      gridCode: grid,
      date: '2026-11-28',
      fever,
      verification: { status: 'pending' },
      personId: `P${i}`,
    },
  };
}

describe('stats events', () => {
  it('rolls a grid up to community, street, district and city', () => {
    expect(levelsOf(GRID)).toEqual(['3705', '370502', '370502004', '370502004001', GRID]);
  });

  it('counts a report, its fever and its pending state', () => {
    expect(gridDeltas(report(GRID, 1, true))).toEqual([
      { grid: GRID, metric: 'healthReports', date: '2026-11-28', delta: 1 },
      { grid: GRID, metric: 'fevers', date: '2026-11-28', delta: 1 },
      { grid: GRID, metric: 'pendingHealth', delta: 1 },
    ]);
  });

  it('counts a verification on the day it was verified (Shanghai) and takes it off pending', () => {
    const before = { type: 'HEALTH_REPORT', gridCode: GRID, verification: { status: 'pending' } };
    const after = { ...before, verification: { status: 'confirmed', verifiedAt: '2026-11-28T16:30:00Z' } };
    expect(gridDeltas({ eventName: 'MODIFY', oldItem: before, newItem: after })).toEqual([
      { grid: GRID, metric: 'pendingHealth', delta: -1 },
      { grid: GRID, metric: 'verified', date: '2026-11-29', delta: 1 },
    ]);
    // A change that is not a verification counts nothing.
    expect(gridDeltas({ eventName: 'MODIFY', oldItem: after, newItem: after })).toEqual([]);
  });

  it('counts quarantine starts, releases and both checks done once', () => {
    const active = {
      type: 'QUARANTINE',
      gridCode: GRID,
      status: 'active',
      createdAt: '2026-11-28T01:00:00Z',
      checks: { date: '2026-11-28', morning: true, evening: false },
    };
    const both = { ...active, checks: { date: '2026-11-28', morning: true, evening: true } };
    expect(gridDeltas({ eventName: 'MODIFY', oldItem: active, newItem: both })).toEqual([
      { grid: GRID, metric: 'bothChecksDone', date: '2026-11-28', delta: 1 },
    ]);
    expect(gridDeltas({ eventName: 'MODIFY', oldItem: both, newItem: both })).toEqual([]);
    const released = { ...both, status: 'released', history: [{ at: '2026-12-01T02:00:00Z' }] };
    expect(gridDeltas({ eventName: 'MODIFY', oldItem: both, newItem: released })).toEqual([
      { grid: GRID, metric: 'quarantinedNow', delta: -1 },
      { grid: GRID, metric: 'quarantinesReleased', date: '2026-12-01', delta: 1 },
    ]);
  });

  it('takes today’s both-done along when a person leaves quarantine or the grid, so the share stays ≤ 100%', () => {
    const both = {
      type: 'QUARANTINE',
      gridCode: GRID,
      status: 'active',
      createdAt: '2026-11-14T01:00:00Z',
      checks: { date: '2026-11-28', morning: true, evening: true },
    };
    // Released the same (Shanghai) day, after both checks: out of today's numerator too.
    const releasedToday = { ...both, status: 'released', history: [{ at: '2026-11-28T12:00:00Z' }] };
    expect(gridDeltas({ eventName: 'MODIFY', oldItem: both, newItem: releasedToday })).toEqual([
      { grid: GRID, metric: 'quarantinedNow', delta: -1 },
      { grid: GRID, metric: 'quarantinesReleased', date: '2026-11-28', delta: 1 },
      { grid: GRID, metric: 'bothChecksDone', date: '2026-11-28', delta: -1 },
    ]);
    // Moved to another grid: its both-done moves with it.
    const moved = { ...both, gridCode: OTHER };
    expect(gridDeltas({ eventName: 'MODIFY', oldItem: both, newItem: moved })).toEqual([
      { grid: GRID, metric: 'quarantinedNow', delta: -1 },
      { grid: OTHER, metric: 'quarantinedNow', delta: 1 },
      { grid: GRID, metric: 'bothChecksDone', date: '2026-11-28', delta: -1 },
      { grid: OTHER, metric: 'bothChecksDone', date: '2026-11-28', delta: 1 },
    ]);
  });

  it('keeps every share of a region within 0–100% through a release on the last evening', () => {
    const day = '2026-11-28';
    const person = (i: number, status = 'active') => ({
      type: 'QUARANTINE',
      gridCode: GRID,
      status,
      createdAt: '2026-11-14T01:00:00Z',
      personId: `P${i}`,
      checks: { date: day, morning: true, evening: false },
      history: [{ at: '2026-11-28T12:30:00Z' }],
    });
    const done = (i: number) => ({ ...person(i), checks: { date: day, morning: true, evening: true } });
    // 27 people do both checks; 26 are released that evening, one stays.
    const changes: Change[] = [];
    for (let i = 0; i < 27; i++) {
      changes.push({ eventName: 'INSERT', oldItem: undefined, newItem: person(i) });
      changes.push({ eventName: 'MODIFY', oldItem: person(i), newItem: done(i) });
      if (i > 0)
        changes.push({ eventName: 'MODIFY', oldItem: done(i), newItem: { ...done(i), status: 'released' } });
    }
    const counters = coalesce(changes.flatMap(gridDeltas));
    const at = (period: string) =>
      counters.find((c) => c.code === GRID && (c.period.kind === 'day' ? c.period.date : 'NOW') === period)!
        .deltas;
    expect(at('NOW').quarantinedNow).toBe(1);
    expect(at(day).bothChecksDone).toBe(1);
  });

  it('coalesces 100 events into one write per stats item', () => {
    const events = Array.from({ length: 100 }, (_, i) => report(i % 3 === 0 ? OTHER : GRID, i, i % 10 === 0));
    const counters = coalesce(events.flatMap(gridDeltas));
    const ids = counters.map((c) => `${c.code}|${c.period.kind === 'day' ? c.period.date : 'NOW'}`);
    expect(new Set(ids).size).toBe(ids.length);
    // 2 grids + 2 communities + street + district + city, each with a day item and a now item.
    expect(counters).toHaveLength(14);
    const city = counters.find((c) => c.code === '3705' && c.period.kind === 'day')!;
    expect(city.deltas).toEqual({ healthReports: 100, fevers: 10 });
    const cityNow = counters.find((c) => c.code === '3705' && c.period.kind === 'now')!;
    expect(cityNow.deltas).toEqual({ pendingHealth: 100 });
    const grid = counters.find((c) => c.code === GRID && c.period.kind === 'day')!;
    expect(grid.deltas.healthReports).toBe(66);
  });

  it('drops deltas that cancel out', () => {
    const moved: Change = {
      eventName: 'MODIFY',
      oldItem: { type: 'HOUSEHOLD', gridCode: GRID },
      newItem: { type: 'HOUSEHOLD', gridCode: OTHER },
    };
    const counters = coalesce(gridDeltas(moved));
    // Street, district and city lose one and gain one: nothing to write there.
    expect(counters.map((c) => c.code).sort()).toEqual([GRID, OTHER, '370502004001', '370502004002'].sort());
  });
});

describe('packing counted events into transactions', () => {
  // 100 check-ins spread over 78 grids across the whole city, as in the benchmark.
  const villages = (cityRegions('3705') ?? []).filter((r) => r.level === 'village');
  const step = Math.floor(villages.length / 78);
  const grids = Array.from({ length: 78 }, (_, i) => `${villages[i * step]!.code}001`);
  const events: CountedEvent[] = Array.from({ length: 100 }, (_, i) => ({
    id: `E${i}`,
    sequence: String(1000 + i),
    deltas: gridDeltas(report(grids[(i * 7) % grids.length]!, i)),
  }));
  const packed = packTransactions(events);

  it('keeps every transaction within DynamoDB’s 100 items (markers and journals) and loses no event', () => {
    for (const group of packed) {
      const journals = Math.ceil(coalesce(group.flatMap((e) => e.deltas)).length / COUNTERS_PER_JOURNAL);
      expect(group.length + journals).toBeLessThanOrEqual(100);
    }
    expect(
      packed
        .flat()
        .map((e) => e.id)
        .sort(),
    ).toEqual(events.map((e) => e.id).sort());
  });

  it('writes the city’s two items (day, now) at most 10 times per 100 events', () => {
    const cityWrites = packed
      .map((group) => coalesce(group.flatMap((e) => e.deltas)).filter((c) => c.code === '3705').length)
      .reduce((a, b) => a + b, 0);
    expect(cityWrites).toBeLessThanOrEqual(10);
  });
});
