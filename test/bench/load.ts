/**
 * Fixed-concurrency load: HTTP through autocannon against the local API, and the floor — the same
 * DynamoDB calls made straight through the app's client by as many parallel loops. Both stop at a
 * duration or an operation count, whichever comes first.
 */
import autocannon from 'autocannon';
import type { CpuPerOp } from './cpu';

export interface Measurement {
  operations: number;
  seconds: number;
  perSecond: number;
  p50Ms: number;
  p99Ms: number;
  /** Non-2xx answers (HTTP) or thrown errors (floor). */
  failures: number;
  statusCodes?: Record<string, number>;
}

export interface HttpRequest {
  method: 'GET' | 'POST';
  path: string;
  headers: Record<string, string>;
  body?: unknown;
}

export async function httpLoad(opts: {
  url: string;
  connections: number;
  durationS: number;
  /** At most this many requests (each a distinct person, key…); at least `connections`. */
  maxRequests?: number;
  /** The i-th request; called once per request in send order. */
  request: (i: number) => HttpRequest;
  onResponse?: (status: number, body: string) => void;
}): Promise<Measurement> {
  let sent = 0;
  const result = await autocannon({
    url: opts.url,
    connections: opts.connections,
    duration: opts.durationS,
    timeout: 30,
    ...(opts.maxRequests ? { maxOverallRequests: Math.max(opts.maxRequests, opts.connections) } : {}),
    requests: [
      {
        setupRequest: (req) => {
          const r = opts.request(sent++);
          return {
            ...req,
            method: r.method,
            path: r.path,
            headers: {
              ...r.headers,
              ...(r.body === undefined ? {} : { 'content-type': 'application/json' }),
            },
            ...(r.body === undefined ? {} : { body: JSON.stringify(r.body) }),
          };
        },
        ...(opts.onResponse
          ? { onResponse: (status: number, body: string) => opts.onResponse?.(status, body) }
          : {}),
      },
    ],
  });
  const operations = result.requests.total;
  const statusCodes = Object.fromEntries(
    Object.entries(result.statusCodeStats).map(([code, s]) => [code, s.count]),
  );
  return {
    operations,
    seconds: result.duration,
    perSecond: operations / result.duration,
    p50Ms: result.latency.p50,
    p99Ms: result.latency.p99,
    failures: result.non2xx + result.errors + result.timeouts,
    statusCodes,
  };
}

/** `connections` loops calling `op(i)` until the duration or `maxOps` is reached. */
export async function floorLoad(opts: {
  connections: number;
  durationS: number;
  maxOps?: number;
  op: (i: number) => Promise<unknown>;
}): Promise<Measurement> {
  const latencies: number[] = [];
  let next = 0;
  let failures = 0;
  const started = performance.now();
  const end = started + opts.durationS * 1000;
  const max = opts.maxOps ?? Number.POSITIVE_INFINITY;
  const loop = async () => {
    while (performance.now() < end && next < max) {
      const i = next++;
      const t = performance.now();
      try {
        await opts.op(i);
      } catch {
        failures++;
      }
      latencies.push(performance.now() - t);
    }
  };
  await Promise.all(Array.from({ length: opts.connections }, loop));
  const seconds = (performance.now() - started) / 1000;
  latencies.sort((a, b) => a - b);
  const at = (q: number) => latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))] ?? 0;
  return {
    operations: latencies.length,
    seconds,
    perSecond: latencies.length / seconds,
    p50Ms: at(0.5),
    p99Ms: at(0.99),
    failures,
  };
}

export interface ScenarioResult {
  http: Measurement & { cpu?: CpuPerOp };
  floor: Measurement & { cpu?: CpuPerOp };
  /** http.perSecond / floor.perSecond */
  ratio: number;
  /** Alternating rounds (HTTP, then floor) when the scenario was measured so (paired-rounds.ts). */
  rounds?: Array<{ httpP50Ms: number; floorP50Ms: number; httpPerSecond: number; floorPerSecond: number }>;
}

export function ratioOf(http: Measurement, floor: Measurement): number {
  return floor.perSecond > 0 ? http.perSecond / floor.perSecond : 0;
}
