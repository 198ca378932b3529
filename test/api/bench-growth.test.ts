/**
 * The read scenarios' growth with the city (issue 20), judged on alternating HTTP/floor rounds
 * (test/bench/paired-rounds.ts): rounds alternate and are combined as the tables show them, and the
 * verdict compares what the app adds over its floor at each scale, not two unpaired runs.
 */
import { describe, expect, it } from 'vitest';
import { DEFAULT_PLAN, emptyFacts } from '../bench/city';
import type { Measurement, ScenarioResult } from '../bench/load';
import { combine, growth, median, pairedRounds } from '../bench/paired-rounds';
import { renderTables } from '../bench/report';
import { verdicts } from '../bench/report-verdicts';
import type { BenchResults } from '../bench/results';
import type { ScaleResult } from '../bench/scale-result';
import { benchResults } from './support/bench-results';

const m = (p50Ms: number, operations = 100, extra: Partial<Measurement> = {}): Measurement => ({
  operations,
  seconds: 5,
  perSecond: operations / 5,
  p50Ms,
  p99Ms: p50Ms * 3,
  failures: 0,
  ...extra,
});

/** A scenario measured in rounds: [HTTP p50, floor p50] per round. */
function rounds(pairs: Array<[number, number]>): ScenarioResult {
  const http = combine(pairs.map(([h]) => m(h)));
  const floor = combine(pairs.map(([, f]) => m(f)));
  return {
    http,
    floor,
    ratio: http.perSecond / floor.perSecond,
    rounds: pairs.map(([h, f]) => ({ httpP50Ms: h, floorP50Ms: f, httpPerSecond: 20, floorPerSecond: 20 })),
  };
}

function bench(small: Record<string, ScenarioResult>, large: Record<string, ScenarioResult>): BenchResults {
  const scale = (persons: number, scenarios: Record<string, ScenarioResult>) =>
    ({
      persons,
      plan: { ...DEFAULT_PLAN, persons },
      counts: { ...emptyFacts().counts, persons },
      load: { items: 0, seconds: 1, itemsPerSecond: 0, personsPerSecond: persons, method: 'bulk' },
      scenarios,
      capacity: {},
      counters: [],
      notes: [],
    }) as unknown as ScaleResult;
  return benchResults({ scales: [scale(10_000, small), scale(1_000_000, large)] });
}

const growthRow = (r: BenchResults, label: string) =>
  verdicts(r).find((v) => v.target.startsWith('p50 growth') && v.target.endsWith(label));

describe('paired rounds', () => {
  it('takes the median of an odd and an even number of values', () => {
    expect(median([3, 1, 2])).toBe(2);
    expect(median([4, 1, 3, 2])).toBe(2.5);
    expect(median([])).toBeNaN();
  });

  it('combines rounds: operations and time summed, p50/p99 the medians, CPU per operation pooled', () => {
    const c = combine([
      { ...m(10, 100), cpu: { javaMs: 1, nodeMs: 2 } },
      { ...m(30, 300), cpu: { javaMs: 3, nodeMs: 2 } },
      { ...m(20, 100, { statusCodes: { '200': 100 } }), cpu: { javaMs: 1, nodeMs: 2 } },
    ]);
    expect(c.operations).toBe(500);
    expect(c.seconds).toBe(15);
    expect(c.perSecond).toBeCloseTo(500 / 15, 9);
    expect(c.p50Ms).toBe(20);
    expect(c.p99Ms).toBe(60);
    expect(c.statusCodes).toEqual({ '200': 100 });
    expect(c.cpu?.javaMs).toBeCloseTo((100 + 900 + 100) / 500, 9);
    expect(c.cpu?.nodeMs).toBeCloseTo(2, 9);
  });

  it('alternates HTTP and floor, and keeps each round', async () => {
    const order: string[] = [];
    let n = 0;
    const r = await pairedRounds(
      3,
      async () => {
        order.push('http');
        return m(40 + n++);
      },
      async () => {
        order.push('floor');
        return m(20);
      },
    );
    expect(order).toEqual(['http', 'floor', 'http', 'floor', 'http', 'floor']);
    expect(r.rounds?.map((x) => x.httpP50Ms)).toEqual([40, 41, 42]);
    expect(r.http.p50Ms).toBe(41);
    expect(r.floor.p50Ms).toBe(20);
  });
});

describe('the growth verdict', () => {
  it('is met when the app adds the same time over a floor that grows, whatever each round’s moment', () => {
    // 15 ms over the floor at both scales; the machine slows some rounds, both sides of a round alike.
    const small = rounds([
      [30, 15],
      [45, 30],
      [33, 18],
      [31, 16],
    ]);
    const large = rounds([
      [60, 45],
      [95, 80],
      [62, 47],
      [61, 46],
    ]);
    const g = growth(small, large);
    expect(g.gap).toBeLessThan(1);
    expect(g.rounds).toEqual([4, 4]);
    const row = growthRow(
      bench({ pendingPage: small }, { pendingPage: large }),
      'gridworker pending page (20)',
    );
    expect(row?.met).toBe(true);
    expect(row?.figure).toContain('medians of 4 and 4 alternating rounds');
    // The p50-by-scale table shows the same paired figure beside each side's own growth.
    const spread = `${g.low.toFixed(2)}–${g.high.toFixed(2)}`;
    expect(renderTables(bench({ pendingPage: small }, { pendingPage: large }))).toContain(
      `| gridworker pending page (20) | 32.0 ms | 61.5 ms | 1.92 | 2.74 | ${g.gap.toFixed(2)} (${spread}) |`,
    );
  });

  it('is missed when what the app adds over its floor grows by more than 10 %', () => {
    const small = rounds([
      [30, 15],
      [32, 16],
      [34, 17],
    ]);
    // The floor does not grow, the app's own time does (2 → 2.6 × the floor).
    const large = rounds([
      [39, 15],
      [42, 16],
      [44, 17],
    ]);
    const g = growth(small, large);
    // Medians: HTTP 32 → 42 ms (1.31), floor 16 → 16 ms.
    expect(g.gap).toBeCloseTo(42 / 32, 6);
    // The least favourable round pairing still shows the growth: 44/17 over 2.
    expect(g.low).toBeCloseTo(44 / 17 / 2, 6);
    expect(g.low).toBeGreaterThan(1.1);
    const row = growthRow(bench({ quarantineBoard: small }, { quarantineBoard: large }), 'quarantine board');
    expect(row?.met).toBe(false);
    // Every pairing of rounds shows it: not a miss within the rounds' spread.
    expect(row?.figure).not.toContain('a miss within it');
  });

  it('says when a miss lies within the rounds’ spread', () => {
    const small = rounds([
      [30, 15],
      [40, 16],
    ]);
    const large = rounds([
      [36, 15],
      [44, 16],
    ]);
    const row = growthRow(bench({ dashboardStreet: small }, { dashboardStreet: large }), 'street level');
    expect(row?.met).toBe(false);
    expect(row?.figure).toContain('a miss within it');
  });

  it('judges a scenario measured once per scale as before: its growth against the floor’s', () => {
    const once = (h: number, f: number): ScenarioResult => ({ http: m(h), floor: m(f), ratio: 1 });
    const r = bench({ dashboardCity: once(16, 19.4) }, { dashboardCity: once(17, 12.7) });
    const row = growthRow(r, 'centre dashboard, city level');
    // 17/16 = 1.06 against 12.7/19.4 = 0.65: missed, as the 2026-12-03 run's table said.
    expect(row?.met).toBe(false);
    expect(row?.figure).toBe('1.06 vs floor 0.65 (16.0 → 17.0 ms; one run each, not paired)');
  });
});
