/**
 * The morning peak as one mixed workload (issue 20): residents' check-ins, gridworkers' pending
 * pages and verifications, centres' dashboards and supply traffic at once, in Dongying's proportions
 * (dongying.ts, scaled to the city loaded). `connections` closed loops each take the next kind from a
 * smooth weighted round robin, so the mix holds its proportions at any speed; each kind's rate and
 * p50/p99 are kept apart. Three runs of `durationS`:
 * 1. over HTTP with the stream readers paused (the request path alone, as in Lambda), then the
 *    readers work through the backlog: consumer throughput ÷ write throughput;
 * 2. the floor: the same mix of the app's own DynamoDB calls, straight through its client;
 * 3. over HTTP again with the readers running: lag from a check-in to its counters, under the mix.
 */

import type { MixKind } from './dongying';
import type { HttpRequest } from './load';
import { type Percentiles, percentiles, type pipelineRecorder } from './pipeline';

export interface KindStats {
  operations: number;
  perSecond: number;
  p50Ms: number;
  p99Ms: number;
  failures: number;
}

export interface MixResult {
  persons: number;
  durationS: number;
  connections: number;
  /** Requests per second of each kind at Dongying's peak, scaled to this city. */
  peak: Record<MixKind, number>;
  http: Partial<Record<MixKind, KindStats>>;
  floor: Partial<Record<MixKind, KindStats>>;
  httpSeconds: number;
  floorSeconds: number;
  pipeline: {
    writes: number;
    writeRate: number;
    consumeRate: number;
    ratio: number;
    lagMs: { checkinToCounters: Percentiles; feverToAlert: Percentiles };
    /** The mix over HTTP while the readers ran (run 3). */
    http: Partial<Record<MixKind, KindStats>>;
  };
  /** A kind whose pool (distinct persons, pending reports) ran out ended its run early. */
  notes: string[];
}

/** What one request of a kind needs; `null` when its pool is used up. */
export type Op = () => Promise<unknown>;
export type OpSource = Partial<Record<MixKind, (i: number) => Op | null>>;

export interface MixOptions {
  persons: number;
  connections: number;
  durationS: number;
  peak: Record<MixKind, number>;
  /** Sources per run: HTTP paused, floor, HTTP with readers running. */
  http: () => OpSource;
  floor: () => OpSource;
  httpRunning: () => OpSource;
  streams: { pause(): void; resume(): void; settle(): Promise<void> };
  recorder: ReturnType<typeof pipelineRecorder>;
  log: (msg: string) => void;
}

const WRITES: MixKind[] = ['checkIn', 'verify', 'supplyCreate', 'supplyAccept'];

/** Smooth weighted round robin: kinds in the proportions of `weights`, evenly interleaved. */
export function weightedOrder(weights: Partial<Record<MixKind, number>>): () => MixKind {
  const kinds = Object.entries(weights).filter(([, w]) => (w ?? 0) > 0) as Array<[MixKind, number]>;
  const total = kinds.reduce((a, [, w]) => a + w, 0);
  const current = new Map<MixKind, number>(kinds.map(([k]) => [k, 0]));
  return () => {
    let best: MixKind = kinds[0]![0];
    for (const [k, w] of kinds) {
      current.set(k, current.get(k)! + w);
      if (current.get(k)! > current.get(best)!) best = k;
    }
    current.set(best, current.get(best)! - total);
    return best;
  };
}

async function drive(
  source: OpSource,
  peak: Record<MixKind, number>,
  connections: number,
  durationS: number,
  notes: string[],
): Promise<{ stats: Partial<Record<MixKind, KindStats>>; seconds: number }> {
  const weights = Object.fromEntries(Object.keys(source).map((k) => [k, peak[k as MixKind]]));
  const next = weightedOrder(weights);
  const latencies = new Map<MixKind, number[]>();
  const failures = new Map<MixKind, number>();
  const counters = new Map<MixKind, number>();
  const started = performance.now();
  const end = started + durationS * 1000;
  let stopped = false;
  const loop = async () => {
    while (!stopped && performance.now() < end) {
      const kind = next();
      const i = counters.get(kind) ?? 0;
      counters.set(kind, i + 1);
      const op = source[kind]!(i);
      if (!op) {
        // Its pool is used up: end the run here so the proportions hold.
        if (!stopped) notes.push(`${kind}: pool used up after ${i} requests; the run ended early`);
        stopped = true;
        break;
      }
      const t = performance.now();
      try {
        await op();
      } catch {
        failures.set(kind, (failures.get(kind) ?? 0) + 1);
      }
      const list = latencies.get(kind) ?? [];
      list.push(performance.now() - t);
      latencies.set(kind, list);
    }
  };
  await Promise.all(Array.from({ length: connections }, loop));
  const seconds = (performance.now() - started) / 1000;
  const stats: Partial<Record<MixKind, KindStats>> = {};
  for (const [kind, list] of latencies) {
    const p = percentiles(list.map((l) => Math.round(l * 10) / 10));
    stats[kind] = {
      operations: list.length,
      perSecond: list.length / seconds,
      p50Ms: p.p50,
      p99Ms: p.p99,
      failures: failures.get(kind) ?? 0,
    };
  }
  return { stats, seconds };
}

const writesOf = (stats: Partial<Record<MixKind, KindStats>>) =>
  WRITES.reduce((a, k) => a + ((stats[k]?.operations ?? 0) - (stats[k]?.failures ?? 0)), 0);

export async function runMix(o: MixOptions): Promise<MixResult> {
  const notes: string[] = [];
  o.log('mixed workload over HTTP (readers paused)…');
  o.streams.pause();
  const http = await drive(o.http(), o.peak, o.connections, o.durationS, notes);
  const catchUp = performance.now();
  o.streams.resume();
  await o.streams.settle();
  const writes = writesOf(http.stats);
  const writeRate = writes / http.seconds;
  const consumeRate = writes / ((performance.now() - catchUp) / 1000);

  o.log('mixed workload floor (the same DynamoDB calls)…');
  const floor = await drive(o.floor(), o.peak, o.connections, o.durationS, notes);
  await o.streams.settle();

  o.log('mixed workload over HTTP (readers running)…');
  o.recorder.lag.counters.length = 0;
  o.recorder.lag.alert.length = 0;
  o.recorder.start();
  const running = await drive(o.httpRunning(), o.peak, o.connections, o.durationS, notes);
  await o.streams.settle();
  o.recorder.stop();
  const result: MixResult = {
    persons: o.persons,
    durationS: o.durationS,
    connections: o.connections,
    peak: o.peak,
    http: http.stats,
    floor: floor.stats,
    httpSeconds: http.seconds,
    floorSeconds: floor.seconds,
    pipeline: {
      writes,
      writeRate,
      consumeRate,
      ratio: writeRate > 0 ? consumeRate / writeRate : 0,
      lagMs: {
        checkinToCounters: percentiles(o.recorder.lag.counters),
        feverToAlert: percentiles(o.recorder.lag.alert),
      },
      http: running.stats,
    },
    notes,
  };
  o.log(
    `mix: ${Object.entries(http.stats)
      .map(([k, s]) => `${k} ${s.perSecond.toFixed(1)}/s`)
      .join(
        ', ',
      )}; pipeline ×${result.pipeline.ratio.toFixed(2)}, lag p99 ${result.pipeline.lagMs.checkinToCounters.p99} ms`,
  );
  return result;
}

/** An HTTP request as an op (throws on a non-2xx answer, counted as a failure). */
export const httpOp =
  (send: (r: HttpRequest) => Promise<unknown>) =>
  (r: HttpRequest | null): Op | null =>
    r ? () => send(r) : null;
