/**
 * Dongying's monthly bill, computed from what the bench measured: capacity units per operation
 * (request path), the counting consumer's units and time per check-in (stream side), reader
 * invocations per 100 check-ins, and each operation's time alone over HTTP (a Lambda duration
 * stand-in: it includes the local HTTP hop, so it is on the high side). Usage per day comes from
 * dongying.ts and the stated assumptions below; prices from prices.ts.
 *
 * On-demand: request units × price. Provisioned with auto scaling: each hour's capacity is that
 * hour's average units per second ÷ 0.7 (target tracking at 70 %), at least MIN_UNITS, × the
 * unit-hour price; the day follows HOURLY (both report windows carry 80 % of the day's traffic).
 * DynamoDB Streams reads by Lambda event source mappings are free (prices.ts prices them at 0).
 * Not in the bill: CloudWatch logs and metrics, data transfer, Secrets Manager/KMS, WeChat's side,
 * the other stream consumers (quarantine checks, alerts: a small share of check-ins), backups.
 */
import { DONGYING } from './dongying';
import { PRICES, type RegionPrices } from './prices';
import type { ScaleResult } from './scale-run';

/** Lambda memory in production (infra/lib/stages.ts: prod 1024 MB). */
const LAMBDA_GB = 1;
const TARGET_UTILIZATION = 0.7;
const MIN_UNITS = 10;

/** Share of a day's traffic in each hour (Asia/Shanghai), outbreak days: 07–09 and 18–20 carry 40 % each. */
const HOURLY_OUTBREAK = Array.from({ length: 24 }, (_, h) =>
  h === 7 || h === 8 || h === 18 || h === 19 ? 0.2 : 0.2 / 20,
);
/** Quiet days: spread over 16 waking hours. */
const HOURLY_QUIET = Array.from({ length: 24 }, (_, h) => (h >= 7 && h < 23 ? 1 / 16 : 0));

type Op =
  | 'checkIn'
  | 'verify'
  | 'pendingPage'
  | 'dashboardStreet'
  | 'supplyCreate'
  | 'supplyAccept'
  | 'login';

/** Requests of each operation on one day (assumptions stated in the page). */
export function dayUsage(kind: 'outbreak' | 'quiet'): Record<Op, number> {
  const d = DONGYING;
  const households = d.residents / d.personsPerHousehold;
  if (kind === 'outbreak') {
    const checkIn = d.residents * d.reportsPerResidentPerDay;
    const quarantinedHouseholds = households / d.quarantineOneIn;
    return {
      checkIn,
      verify: checkIn,
      // Two one-hour sessions a day, a refresh a minute.
      pendingPage: d.gridworkers * 120,
      dashboardStreet: (d.centres * 4 * 3600) / d.dashboardRefreshSeconds,
      supplyCreate: quarantinedHouseholds * d.supplyRequestsPerQuarantinedHouseholdPerDay,
      supplyAccept: quarantinedHouseholds * d.supplyRequestsPerQuarantinedHouseholdPerDay,
      // One sign-in per household (the account) and gridworker a day.
      login: households + d.gridworkers,
    };
  }
  // Quiet: no general reporting; a tenth of the outbreak's quarantine still reports and orders.
  const quarantinedPersons = d.residents / d.quarantineOneIn / 10;
  const quarantinedHouseholds = households / d.quarantineOneIn / 10;
  return {
    checkIn: quarantinedPersons * 2,
    verify: quarantinedPersons * 2,
    pendingPage: d.gridworkers * 10,
    dashboardStreet: d.centres * 100,
    supplyCreate: quarantinedHouseholds,
    supplyAccept: quarantinedHouseholds,
    login: quarantinedHouseholds + d.gridworkers,
  };
}

export interface OpCost {
  rru: number;
  wru: number;
  ms: number;
  /** Lambda invocations besides the request's own (stream readers), per request. */
  extraInvocations: number;
  extraMs: number;
}

/** Per operation, from one scale's figures (the largest run). */
export function opCosts(s: ScaleResult, pipelineInvocationsPer100: number): Record<Op, OpCost> {
  const units = (name: string) => {
    const c = s.capacity[name];
    return { rru: c ? c.tableRead + c.indexRead : 0, wru: c ? c.tableWrite + c.indexWrite : 0 };
  };
  const ms = (name: string) => s.durationsMs?.[name] ?? 0;
  const counters = s.counters.find((c) => c.spread.startsWith('city-wide')) ?? s.counters[0];
  const stream = {
    rru: (counters?.readUnitsPer100Events ?? 0) / 100,
    wru: (counters?.writeUnitsPer100Events ?? 0) / 100,
    extraInvocations: pipelineInvocationsPer100 / 100,
    extraMs: (counters?.msPer100Events ?? 0) / 100,
  };
  const plain = (name: string): OpCost => ({ ...units(name), ms: ms(name), extraInvocations: 0, extraMs: 0 });
  const written = (name: string): OpCost => {
    const u = units(name);
    // Each write is a stream event the counting consumer applies.
    return { rru: u.rru + stream.rru, wru: u.wru + stream.wru, ms: ms(name), ...streamPart(stream) };
  };
  return {
    checkIn: written('checkIn'),
    verify: written('verify'),
    pendingPage: plain('pendingPage'),
    dashboardStreet: plain('dashboardStreet'),
    supplyCreate: plain('supplyCreate'),
    supplyAccept: plain('supplyAccept'),
    login: plain('login'),
  };
}

const streamPart = (s: { extraInvocations: number; extraMs: number }) => ({
  extraInvocations: s.extraInvocations,
  extraMs: s.extraMs,
});

export interface MonthBill {
  region: string;
  currency: string;
  month: 'outbreak' | 'quiet';
  requests: number;
  rru: number;
  wru: number;
  lambda: number;
  api: number;
  storage: number;
  dynamoOnDemand: number;
  dynamoProvisioned: number;
  totalOnDemand: number;
  totalProvisioned: number;
  perResidentOnDemand: number;
  perResidentProvisioned: number;
}

function dayTotals(kind: 'outbreak' | 'quiet', costs: Record<Op, OpCost>) {
  const usage = dayUsage(kind);
  let requests = 0;
  let rru = 0;
  let wru = 0;
  let invocations = 0;
  let gbSeconds = 0;
  for (const [op, n] of Object.entries(usage) as Array<[Op, number]>) {
    const c = costs[op];
    requests += n;
    rru += n * c.rru;
    wru += n * c.wru;
    invocations += n * (1 + c.extraInvocations);
    gbSeconds += (n * (Math.ceil(c.ms) + c.extraMs) * LAMBDA_GB) / 1000;
  }
  return { requests, rru, wru, invocations, gbSeconds };
}

/** Provisioned unit-hours for one day: each hour at its average rate ÷ target utilization. */
function provisionedHours(units: number, hourly: number[]): number {
  return hourly.reduce((a, share) => a + Math.max(MIN_UNITS, (units * share) / 3600 / TARGET_UTILIZATION), 0);
}

export function monthBill(
  p: RegionPrices,
  month: 'outbreak' | 'quiet',
  costs: Record<Op, OpCost>,
  storedGb: number,
): MonthBill {
  const days = month === 'outbreak' ? { outbreak: 14, quiet: 16 } : { outbreak: 0, quiet: 30 };
  const o = dayTotals('outbreak', costs);
  const q = dayTotals('quiet', costs);
  const sum = (f: (t: typeof o) => number) => days.outbreak * f(o) + days.quiet * f(q);
  const rru = sum((t) => t.rru);
  const wru = sum((t) => t.wru);
  const requests = sum((t) => t.requests);
  const lambda =
    (sum((t) => t.invocations) / 1e6) * p.lambda.requestsPerMillion.value +
    sum((t) => t.gbSeconds) * p.lambda.gbSecondArm.value;
  const api = (requests / 1e6) * p.httpApiPerMillion.value;
  // Reports written this month stay (retention is longer than a month): on average half of them.
  const storage = storedGb * p.dynamodb.storageGbMonth.value;
  const dynamoOnDemand =
    (rru / 1e6) * p.dynamodb.readRequestUnitsPerMillion.value +
    (wru / 1e6) * p.dynamodb.writeRequestUnitsPerMillion.value;
  const hours = (f: (t: typeof o) => number, price: number) =>
    (days.outbreak * provisionedHours(f(o), HOURLY_OUTBREAK) +
      days.quiet * provisionedHours(f(q), HOURLY_QUIET)) *
    price;
  const dynamoProvisioned =
    hours((t) => t.rru, p.dynamodb.rcuHour.value) + hours((t) => t.wru, p.dynamodb.wcuHour.value);
  const base = lambda + api + storage;
  return {
    region: p.region,
    currency: p.currency,
    month,
    requests,
    rru,
    wru,
    lambda,
    api,
    storage,
    dynamoOnDemand,
    dynamoProvisioned,
    totalOnDemand: base + dynamoOnDemand,
    totalProvisioned: base + dynamoProvisioned,
    perResidentOnDemand: (base + dynamoOnDemand) / DONGYING.residents,
    perResidentProvisioned: (base + dynamoProvisioned) / DONGYING.residents,
  };
}

/** GB stored in a month: the city as loaded (scaled to Dongying) plus half the month's reports. */
export function storedGb(s: ScaleResult, month: 'outbreak' | 'quiet'): number {
  const sizes = s.load.sizesByType;
  if (!sizes) return 0;
  // DynamoDB bills 100 bytes of overhead per item on top of its size.
  const bytes = Object.values(sizes).reduce((a, t) => a + t.bytes + 100 * t.items, 0);
  const report = sizes.HEALTH_REPORT;
  const reportBytes = report ? report.bytes / report.items + 100 : 800;
  const city = (bytes * DONGYING.residents) / s.persons;
  const days = month === 'outbreak' ? { outbreak: 14, quiet: 16 } : { outbreak: 0, quiet: 30 };
  const reports = days.outbreak * dayUsage('outbreak').checkIn + days.quiet * dayUsage('quiet').checkIn;
  return (city + (reports / 2) * reportBytes) / 1e9;
}

export function computeBill(s: ScaleResult, pipelineInvocationsPer100: number): MonthBill[] {
  const costs = opCosts(s, pipelineInvocationsPer100);
  return PRICES.flatMap((p) =>
    (['outbreak', 'quiet'] as const).map((m) => monthBill(p, m, costs, storedGb(s, m))),
  );
}
