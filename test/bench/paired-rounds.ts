/**
 * A read scenario measured in alternating rounds — HTTP, floor, HTTP, floor… — so that both sides are
 * sampled over the same stretch of time on the shared machine, and its growth with the city judged on
 * the medians of the rounds, not on one 10 s run of each side taken at different moments (issue 20:
 * a single run's p50 swings by tens of percent).
 *
 * The target, the app's growth ≤ 1.1 × the floor's growth, is (H_L ÷ H_S) ÷ (F_L ÷ F_S) ≤ 1.1 with
 * each p50 the median of its rounds. Each round's own HTTP ÷ floor p50 gives the spread: the same
 * figure from the least and the most favourable rounds.
 */
import type { CpuPerOp } from './cpu';
import { type Measurement, ratioOf, type ScenarioResult } from './load';

export interface Round {
  httpP50Ms: number;
  floorP50Ms: number;
  httpPerSecond: number;
  floorPerSecond: number;
}

type Measured = Measurement & { cpu?: CpuPerOp };

export function median(xs: readonly number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  if (s.length === 0) return Number.NaN;
  return s.length % 2 === 1 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}

/** Rounds of one side as one measurement: operations and time summed, p50/p99 the rounds' medians, CPU per op pooled. */
export function combine(runs: readonly Measured[]): Measured {
  const operations = runs.reduce((n, r) => n + r.operations, 0);
  const seconds = runs.reduce((n, r) => n + r.seconds, 0);
  const statusCodes: Record<string, number> = {};
  for (const r of runs)
    for (const [code, n] of Object.entries(r.statusCodes ?? {}))
      statusCodes[code] = (statusCodes[code] ?? 0) + n;
  const withCpu = runs.filter((r) => r.cpu);
  const cpuOps = withCpu.reduce((n, r) => n + Math.max(1, r.operations), 0);
  return {
    operations,
    seconds,
    perSecond: seconds > 0 ? operations / seconds : 0,
    p50Ms: median(runs.map((r) => r.p50Ms)),
    p99Ms: median(runs.map((r) => r.p99Ms)),
    failures: runs.reduce((n, r) => n + r.failures, 0),
    ...(runs.some((r) => r.statusCodes) ? { statusCodes } : {}),
    ...(withCpu.length > 0
      ? {
          cpu: {
            javaMs: withCpu.reduce((n, r) => n + r.cpu!.javaMs * Math.max(1, r.operations), 0) / cpuOps,
            nodeMs: withCpu.reduce((n, r) => n + r.cpu!.nodeMs * Math.max(1, r.operations), 0) / cpuOps,
          },
        }
      : {}),
  };
}

/** `rounds` pairs of HTTP then floor; the result's http and floor are the rounds combined. */
export async function pairedRounds(
  rounds: number,
  http: () => Promise<Measured>,
  floor: () => Promise<Measured>,
): Promise<ScenarioResult> {
  const h: Measured[] = [];
  const f: Measured[] = [];
  for (let i = 0; i < Math.max(1, rounds); i++) {
    h.push(await http());
    f.push(await floor());
  }
  const out = { http: combine(h), floor: combine(f) };
  return {
    ...out,
    ratio: ratioOf(out.http, out.floor),
    rounds: h.map((x, i) => ({
      httpP50Ms: x.p50Ms,
      floorP50Ms: f[i]!.p50Ms,
      httpPerSecond: x.perSecond,
      floorPerSecond: f[i]!.perSecond,
    })),
  };
}

/** HTTP p50 ÷ floor p50 of each round (what the app adds over its floor, as a factor). */
export const overFloor = (s: ScenarioResult): number[] =>
  (s.rounds ?? [{ httpP50Ms: s.http.p50Ms, floorP50Ms: s.floor.p50Ms }]).map(
    (r) => r.httpP50Ms / r.floorP50Ms,
  );

export interface Growth {
  /** The app's p50 growth ÷ the floor's (each side's p50 the median of its rounds). */
  gap: number;
  /** The same from each round's HTTP ÷ floor p50, least and most favourable pairing: the rounds' spread. */
  low: number;
  high: number;
  /** Median of the rounds' HTTP ÷ floor p50 at the smaller and the larger scale, and the rounds per scale. */
  small: number;
  large: number;
  rounds: [number, number];
  /** Growth of each side alone. */
  app: number;
  floor: number;
}

export function growth(a: ScenarioResult, b: ScenarioResult): Growth {
  const ra = overFloor(a);
  const rb = overFloor(b);
  const app = b.http.p50Ms / a.http.p50Ms;
  const floor = b.floor.p50Ms / a.floor.p50Ms;
  return {
    gap: app / floor,
    low: Math.min(...rb) / Math.max(...ra),
    high: Math.max(...rb) / Math.min(...ra),
    small: median(ra),
    large: median(rb),
    rounds: [ra.length, rb.length],
    app,
    floor,
  };
}
