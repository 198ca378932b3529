/**
 * One scale of the benchmark, in its own process (the app's client and config are per process):
 * 1. DynamoDB Local on disk in a temporary folder, the table from the manifest, the city loaded;
 * 2. the local stack started in-process on that folder (its stream poller starts at LATEST, so
 *    the load is not replayed into the consumers), schedules slowed so no job runs meanwhile;
 * 3. the HTTP scenarios with autocannon and their floors, capacity per operation, counter writes.
 * Writes its figures as JSON to --out. Started by run.ts; not meant to be run by hand.
 */
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { addDays, localDate, slotOf } from '@grid/shared';
import { ulid } from 'ulid';
import { findFreePort, startDynamoDbLocal } from '../../functions/local/dynamodb-local';
import { LOCAL_CREDENTIALS, LOCAL_REGION, LOCAL_SECRETS } from '../../functions/local/local-env';
import { startLocalStack } from '../../functions/local/stack';
import { ensureTable } from '../../functions/local/table';
import { listActiveInGrid } from '../../functions/src/contexts/quarantine/entities/quarantine';
import {
  type HealthReportItem,
  listPending,
  putHealthReport,
} from '../../functions/src/contexts/reporting/entities/submissions';
import { manifest } from '../../functions/src/manifest';
import { sqliteAvailable } from './bulk-load';
import { type Capacity, captureCapacity, instrumentAppClient, medianCapacity } from './capacity';
import { BENCH_ADMIN_OPENID, BENCH_GRIDWORKER_OPENID, type CityPlan, DEFAULT_PLAN, emptyFacts } from './city';
import { type LoadResult, loadCity, loadCityBulk } from './city-load';
import { measureCounterWrites } from './counters';
import { javaPidOnPort, withCpu } from './cpu';
import { benchCrossMatch, type CrossMatchBenchResult } from './cross-match';
import { floorReport, SUPPLY_BODY } from './floor-items';
import { floorLoad, type HttpRequest, httpLoad, ratioOf, type ScenarioResult } from './load';
import type { MixResult } from './mix';
import { mixScenario } from './mix-scenario';
import { measurePipeline, type PipelineResult, pipelineRecorder } from './pipeline';
import { supplyScenarios } from './supply-scenario';

export type { ScenarioResult };

import type { CounterWrites } from './counters';

export type { CounterWrites };

export interface ScaleResult {
  persons: number;
  plan: CityPlan;
  counts: ReturnType<typeof emptyFacts>['counts'];
  load: LoadResult;
  scenarios: Record<string, ScenarioResult>;
  capacity: Record<string, Capacity>;
  counters: CounterWrites[];
  /** Per operation, the median time of one request alone over HTTP (the capacity samples), ms. */
  durationsMs?: Record<string, number>;
  /** The cross-match of a generated list through the API (issue 7), at the scale it was asked for. */
  crossMatch?: CrossMatchBenchResult;
  /** The table stream's pipeline under the check-in load (issue 17). */
  pipeline?: PipelineResult;
  /** The morning peak's mixed workload (issue 20), at the scale it was asked for. */
  mix?: MixResult;
  notes: string[];
}

const { values: args } = parseArgs({
  options: {
    persons: { type: 'string' },
    duration: { type: 'string', default: '10' },
    connections: { type: 'string', default: '16' },
    'load-deadline': { type: 'string', default: '900' },
    out: { type: 'string' },
    /** Rows of the generated list to cross-match after the other scenarios (0: none). */
    'cross-match-rows': { type: 'string', default: '0' },
    /** Run the mixed workload of the morning peak (run.ts asks for it at 100k). */
    mix: { type: 'boolean', default: false },
    /** bulk (straight into DynamoDB Local's SQLite file, needs the sqlite3 shell) or batch (BatchWriteItem). */
    load: { type: 'string' },
  },
});
const persons = Number(args.persons);
const durationS = Number(args.duration);
const connections = Number(args.connections);
if (!(persons > 0) || !args.out) throw new Error('usage: scale-run.ts --persons N --out file.json');

const log = (msg: string) => process.stderr.write(`[${persons} persons] ${msg}\n`);
const CAPACITY_SAMPLES = 7;
/** Persons each mixed-workload run may need per second (a ceiling; its check-ins are ~40 % of it). */
const MIX_PERSONS_PER_SECOND = 250;
/** Share of the cross-match list already on file. */
const KNOWN_SHARE = 0.3;
/** Persons the check-in run may use: a ceiling well above what this machine can write in the duration. */
const CHECKINS_PER_SECOND_CEILING = 800;

async function mapLimit<T, R>(items: readonly T[], limit: number, fn: (item: T) => Promise<R>): Promise<R[]> {
  const out: R[] = new Array(items.length);
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(limit, items.length) }, async () => {
      while (next < items.length) {
        const i = next++;
        out[i] = await fn(items[i]!);
      }
    }),
  );
  return out;
}

async function main(): Promise<void> {
  // On tmpfs when there is one: DynamoDB Local's SQLite syncs every batch, and a VM disk's fsync made
  // the load ~20× slower than the database itself. The folder still gives the "persisted" start below.
  const dataDir = mkdtempSync(join(existsSync('/dev/shm') ? '/dev/shm' : tmpdir(), 'grid-bench-'));
  const port = await findFreePort();
  const wechatPort = await findFreePort();
  const tableName = 'grid-bench';
  Object.assign(process.env, {
    ...LOCAL_SECRETS,
    TABLE_NAME: tableName,
    DYNAMODB_ENDPOINT: `http://127.0.0.1:${port}`,
    AWS_REGION: LOCAL_REGION,
    // Known before the stack starts: config() is read once, by the loader already.
    WECHAT_API_BASE: `http://127.0.0.1:${wechatPort}`,
  });
  // Stopped from outside: drop the database folder (on tmpfs it holds memory); the exit hook stops java.
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.once(signal, () => {
      rmSync(dataDir, { recursive: true, force: true });
      process.exit(1);
    });
  }
  const notes: string[] = [];
  const now = new Date();
  const plan: CityPlan = {
    ...DEFAULT_PLAN,
    persons,
    today: localDate(now),
    now: now.toISOString(),
    // A realistic registered share of the cross-match list (30 %): persons of the city, named again.
    knownPersons: Math.min(persons, Math.round(Number(args['cross-match-rows']) * KNOWN_SHARE)),
  };
  const facts = emptyFacts();

  try {
    // 1. Load the city with nothing else running.
    const dynamo = await startDynamoDbLocal({ port, dataDir });
    let load: LoadResult;
    try {
      const client = new DynamoDBClient({
        endpoint: dynamo.endpoint,
        region: LOCAL_REGION,
        credentials: LOCAL_CREDENTIALS,
      });
      await ensureTable(client, tableName, manifest.table);
      client.destroy();
      const method = args.load ?? (sqliteAvailable() ? 'bulk' : 'batch');
      log(`loading the city (${method})…`);
      const onProgress = (items: number, s: number) =>
        log(`  ${items} items in ${s.toFixed(0)} s (${(items / s).toFixed(0)}/s)`);
      if (method === 'bulk') {
        await dynamo.stop();
        load = await loadCityBulk(plan, facts, { dataDir, tableName, onProgress });
      } else {
        load = await loadCity(plan, facts, {
          concurrency: connections,
          deadlineMs: Number(args['load-deadline']) * 1000,
          onProgress,
        });
      }
      log(`loaded ${load.items} items (${facts.counts.persons} persons) in ${load.seconds.toFixed(1)} s`);
    } finally {
      await dynamo.stop();
    }

    // 2. The local stack on the same database.
    const pipeline = pipelineRecorder();
    const stack = await startLocalStack({
      onStreamBatch: pipeline.onBatch,
      apiPort: 0,
      wechatPort,
      dynamoPort: port,
      controlPort: 0,
      dataDir,
      tableName,
      // Slowest allowed without overflowing setInterval: no job runs during the bench.
      scheduleSpeedup: 0.01,
      log: (line) => {
        if (String(line.level).toUpperCase() === 'ERROR') process.stderr.write(`${JSON.stringify(line)}\n`);
      },
    });
    instrumentAppClient();
    try {
      const result = await scenarios(stack, plan, facts, notes, pipeline, port);
      const out: ScaleResult = { persons, plan, counts: facts.counts, load, ...result, notes };
      writeFileSync(args.out!, JSON.stringify(out, null, 2));
    } finally {
      await stack.stop();
    }
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
}

type Stack = Awaited<ReturnType<typeof startLocalStack>>;

/** The centre figures' read (not a literal import, so the bench compiles on a tree without it). */
async function statsReader(): Promise<(code: string, date: string) => Promise<unknown>> {
  const statsModule = '../../functions/src/contexts/hierarchy/entities/stats.ts';
  return ((await import(statsModule)) as { readFigures(code: string, date: string): Promise<unknown> })
    .readFigures;
}

async function scenarios(
  stack: Stack,
  plan: CityPlan,
  facts: ReturnType<typeof emptyFacts>,
  notes: string[],
  recorder: ReturnType<typeof pipelineRecorder>,
  dynamoPort: number,
) {
  const api = stack.apiUrl;
  const post = async (path: string, body: unknown, headers: Record<string, string> = {}) => {
    const res = await fetch(`${api}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      body: JSON.stringify(body),
    });
    return { status: res.status, body: (await res.json()) as Record<string, unknown> };
  };
  const login = async (openid: string): Promise<string> => {
    const res = await post('/v1/auth/wechat', { code: `test:${openid}` });
    if (res.status !== 200) throw new Error(`login ${openid}: ${res.status}`);
    return String(res.body.token);
  };
  /**
   * Drains the stream consumers so the next measurement does not share the machine with them.
   * During a write scenario they are paused (stack.pauseStreams): in Lambda they run in their own
   * functions, not in the API's process, so the request path is measured alone; settle() after it
   * lets them catch up before the next measurement.
   */
  const settle = async () => {
    for (let attempt = 0; attempt < 10; attempt++) {
      try {
        await stack.drainStreams();
        return;
      } catch {
        // Still behind after 20 s: wait again, up to ten times.
      }
    }
    notes.push('stream consumers did not catch up within 200 s after a write scenario');
  };

  const gw = await login(BENCH_GRIDWORKER_OPENID);
  const gwAuth = { authorization: `Bearer ${gw}` };
  const grids = facts.sampleGrids;

  // Persons for check-ins: warm-up, capacity samples, then the load pool.
  const maxCheckins = durationS * CHECKINS_PER_SECOND_CEILING + 30;
  const households = facts.sampleHouseholds;
  const chosen: typeof households = [];
  let chosenPersons = 0;
  for (const h of households) {
    if (chosenPersons >= maxCheckins) break;
    chosen.push(h);
    chosenPersons += h.personIds.length;
  }
  const quarantinedHouseholds = households.filter((h) => h.quarantined);
  const toLogin = [...new Set([...chosen, ...quarantinedHouseholds])];
  log(`signing in ${toLogin.length} residents…`);
  const tokens = new Map<string, string>();
  await mapLimit(toLogin, connections, async (h) => tokens.set(h.householdId, await login(h.ownerOpenid)));
  const people = chosen.flatMap((h) =>
    h.personIds.map((personId) => ({
      personId,
      gridCode: h.gridCode,
      householdId: h.householdId,
      token: tokens.get(h.householdId)!,
    })),
  );
  const warmupPeople = people.slice(0, 20);
  const capacityPeople = people.slice(20, 20 + CAPACITY_SAMPLES);
  const pool = people.slice(20 + CAPACITY_SAMPLES);
  if (pool.length < connections) throw new Error('too few persons for the check-in scenario');

  const runId = ulid().slice(-10);
  const checkin = (p: { personId: string; token: string }, key: string): HttpRequest => ({
    method: 'POST',
    path: `/v1/persons/${p.personId}/health-reports`,
    headers: { authorization: `Bearer ${p.token}`, 'idempotency-key': key },
    body: { temperature: 36.5, symptoms: [] },
  });
  const pendingPage = (grid: string): HttpRequest => ({
    method: 'GET',
    path: `/v1/grids/${grid}/pending?type=health&limit=20`,
    headers: gwAuth,
  });
  const board = (grid: string): HttpRequest => ({
    method: 'GET',
    path: `/v1/grids/${grid}/quarantine-board`,
    headers: gwAuth,
  });
  const supplyBody = SUPPLY_BODY;
  const createSupply = (h: (typeof households)[number], key: string): HttpRequest => ({
    method: 'POST',
    path: `/v1/households/${h.householdId}/supply-requests`,
    headers: { authorization: `Bearer ${tokens.get(h.householdId)}`, 'idempotency-key': key },
    body: supplyBody,
  });
  const verifyRequest = (submissionId: string): HttpRequest => ({
    method: 'POST',
    path: `/v1/submissions/${submissionId}/verify`,
    headers: gwAuth,
    body: { decision: 'confirmed', method: 'phone' },
  });
  const accept = (requestId: string): HttpRequest => ({
    method: 'POST',
    path: `/v1/supply-requests/${requestId}/accept`,
    headers: gwAuth,
  });
  const send = async (r: HttpRequest) => {
    const res = await fetch(`${api}${r.path}`, {
      method: r.method,
      headers: { ...r.headers, ...(r.body ? { 'content-type': 'application/json' } : {}) },
      ...(r.body ? { body: JSON.stringify(r.body) } : {}),
    });
    const text = await res.text();
    if (res.status >= 300)
      throw new Error(`${r.method} ${r.path.split('?')[0]}: ${res.status} ${text.slice(0, 200)}`);
    return JSON.parse(text) as Record<string, unknown>;
  };

  // Warm-up: every route once per grid or so, so module loading and JIT are out of the figures.
  log('warming up…');
  for (const [i, p] of warmupPeople.entries()) {
    await send(checkin(p, `warm${runId}${i}`));
    await send(pendingPage(grids[i % grids.length]!));
    await send(board(grids[i % grids.length]!));
  }
  const warmSupply = quarantinedHouseholds[0];
  if (warmSupply) {
    const created = await send(createSupply(warmSupply, `warm${runId}s`));
    await send(accept(String(created.requestId)));
  }
  await settle();

  const result: Record<string, ScenarioResult> = {};
  const base = { url: api, connections, durationS };

  log('pending page…');
  // With CPU per page of both processes: the page's growth with the city (issue 20) is explained by them.
  const java = javaPidOnPort(dynamoPort);
  const pendingHttp = await withCpu(java, () =>
    httpLoad({ ...base, request: (i) => pendingPage(grids[i % grids.length]!) }),
  );
  const pendingFloor = await withCpu(java, () =>
    floorLoad({ connections, durationS, op: (i) => listPending(grids[i % grids.length]!, 'health', 20) }),
  );
  result.pendingPage = { http: pendingHttp, floor: pendingFloor, ratio: ratioOf(pendingHttp, pendingFloor) };

  log('quarantine board…');
  const boardHttp = await httpLoad({ ...base, request: (i) => board(grids[i % grids.length]!) });
  const boardFloor = await floorLoad({
    connections,
    durationS,
    op: (i) => listActiveInGrid(grids[i % grids.length]!),
  });
  result.quarantineBoard = { http: boardHttp, floor: boardFloor, ratio: ratioOf(boardHttp, boardFloor) };

  // The centre dashboard, when the manifest has it (issue 6): a street's and the city's figures.
  const statsRoute = manifest.routes.find((r) => r.operationId === 'getRegionStats');
  const dashboards: Array<[string, string[]]> = [
    ['dashboardStreet', [...new Set(grids.map((g) => g.slice(0, 9)))]],
    ['dashboardCity', [grids[0]!.slice(0, 4)]],
  ];
  let adminAuth: Record<string, string> = {};
  const dashboard = (code: string): HttpRequest => ({
    method: 'GET',
    path: statsRoute!.path.replace('{code}', code),
    headers: adminAuth,
  });
  if (statsRoute) {
    adminAuth = { authorization: `Bearer ${await login(BENCH_ADMIN_OPENID)}` };
    const stats = { readFigures: await statsReader() };
    for (const [name, codes] of dashboards) {
      log(`${name}…`);
      for (const code of codes.slice(0, 5)) await send(dashboard(code));
      const http = await httpLoad({ ...base, request: (i) => dashboard(codes[i % codes.length]!) });
      const floor = await floorLoad({
        connections,
        durationS,
        op: (i) => stats.readFigures(codes[i % codes.length]!, plan.today),
      });
      result[name] = { http, floor, ratio: ratioOf(http, floor) };
    }
  } else {
    notes.push('centre dashboard: not yet (issue 6)');
  }

  log(`check-in (${pool.length} distinct persons available)…`);
  stack.pauseStreams();
  const checkinHttp = await httpLoad({
    ...base,
    maxRequests: pool.length,
    request: (i) => checkin(pool[i % pool.length]!, `ci${runId}${i}`),
  });
  // The backlog the load left (readers paused) is worked through: the readers' throughput.
  const catchUpStart = Date.now();
  stack.resumeStreams();
  if (checkinHttp.operations >= pool.length)
    notes.push(`check-in ran out of distinct persons (${pool.length}) before ${durationS} s`);
  await settle();
  const consumeRate = checkinHttp.operations / ((Date.now() - catchUpStart) / 1000);

  // The pipeline running under the same load: lag and invocations, one check-in in ten a fever.
  const lagPool = pool.slice(checkinHttp.operations + connections);
  const pipeline = await measurePipeline({
    base,
    request: (i) => ({
      ...checkin(lagPool[i % lagPool.length]!, `cl${runId}${i}`),
      body: { temperature: i % 10 === 0 ? 38.5 : 36.5, symptoms: [] },
    }),
    available: lagPool.length,
    writeRate: checkinHttp.perSecond,
    consumeRate,
    counts: () => stack.streamCounts(),
    settle,
    recorder,
    log,
  });
  if (!pipeline)
    notes.push('stream pipeline: too few persons left after the check-in scenario to measure lag');
  // The floor: the app's own conditional put of the same item, for the same persons on another day.
  const floorDate = addDays(plan.today, -10);
  const floorSlot = slotOf(new Date());
  const reportItem = (p: (typeof pool)[number], i: number): HealthReportItem =>
    floorReport(p, floorDate, floorSlot, `floor${runId}${i}`);
  const checkinFloor = await floorLoad({
    connections,
    durationS,
    maxOps: pool.length,
    op: (i) => putHealthReport(reportItem(pool[i % pool.length]!, i)),
  });
  result.checkIn = { http: checkinHttp, floor: checkinFloor, ratio: ratioOf(checkinHttp, checkinFloor) };
  await settle();

  const supply = await supplyScenarios({
    households: quarantinedHouseholds,
    base,
    maxRequests: durationS * CHECKINS_PER_SECOND_CEILING,
    keep: CAPACITY_SAMPLES,
    createSupply,
    accept,
    runId,
    streams: { pause: () => stack.pauseStreams(), resume: () => stack.resumeStreams(), settle },
    log,
  });
  if (supply) {
    result.supplyCreate = supply.create;
    result.supplyAccept = supply.accept;
  } else {
    notes.push('no quarantined household in the sample grids: supply scenarios skipped');
  }
  const supplyIds = supply?.keptIds ?? [];

  // The morning peak as one mixed workload (issue 20), in Dongying's proportions at this scale.
  let mix: MixResult | undefined;
  const verifyIds: string[] = [];
  if (args.mix) {
    await settle();
    const out = await mixScenario({
      builders: {
        send,
        checkin: (p, key, temperature) => ({ ...checkin(p, key), body: { temperature, symptoms: [] } }),
        pendingPage,
        verify: verifyRequest,
        dashboard: statsRoute ? dashboard : null,
        readFigures: statsRoute ? await statsReader() : null,
        createSupply,
        accept,
      },
      households: households.filter((h) => !chosen.includes(h)),
      quarantined: quarantinedHouseholds,
      tokens,
      login: (h) => login(h.ownerOpenid),
      grids,
      plan,
      runId,
      connections,
      durationS,
      personsPerSecond: MIX_PERSONS_PER_SECOND,
      capacitySamples: CAPACITY_SAMPLES,
      streams: { pause: () => stack.pauseStreams(), resume: () => stack.resumeStreams(), settle },
      recorder,
      log,
    });
    mix = out.mix;
    verifyIds.push(...out.verifyIds);
    notes.push(...mix.notes.map((n) => `mixed workload: ${n}`));
    await settle();
  }

  // Capacity per operation: a few requests one at a time, each after the consumers are idle.
  log('capacity per operation…');
  const capacity: Record<string, Capacity> = {};
  const durationsMs: Record<string, number> = {};
  const perOp = async (name: string, requests: HttpRequest[]) => {
    const times: number[] = [];
    const samples: Capacity[] = [];
    for (const r of requests) {
      await settle();
      const t = performance.now();
      samples.push((await captureCapacity(() => send(r))).capacity);
      times.push(performance.now() - t);
    }
    capacity[name] = medianCapacity(samples);
    durationsMs[name] = Math.round(times.sort((a, b) => a - b)[Math.floor(times.length / 2)]! * 10) / 10;
  };
  await perOp(
    'checkIn',
    capacityPeople.map((p, i) => checkin(p, `cap${runId}${i}`)),
  );
  await perOp('pendingPage', grids.slice(0, CAPACITY_SAMPLES).map(pendingPage));
  await perOp('quarantineBoard', grids.slice(0, CAPACITY_SAMPLES).map(board));
  if (verifyIds.length > 0) await perOp('verify', verifyIds.map(verifyRequest));
  if (statsRoute) {
    for (const [name, codes] of dashboards) {
      await perOp(
        name,
        Array.from({ length: CAPACITY_SAMPLES }, (_, i) => dashboard(codes[i % codes.length]!)),
      );
    }
  }
  await perOp(
    'login',
    Array.from({ length: CAPACITY_SAMPLES }, () => ({
      method: 'POST' as const,
      path: '/v1/auth/wechat',
      headers: {},
      body: { code: `test:${BENCH_GRIDWORKER_OPENID}` },
    })),
  );
  if (quarantinedHouseholds.length > 0) {
    await perOp(
      'supplyCreate',
      Array.from({ length: CAPACITY_SAMPLES }, (_, i) =>
        createSupply(quarantinedHouseholds[i % quarantinedHouseholds.length]!, `capsr${runId}${i}`),
      ),
    );
    await perOp('supplyAccept', supplyIds.slice(-CAPACITY_SAMPLES).map(accept));
  }

  // Counter writes: the counting stream consumer of the manifest fed batches of 100 check-in events.
  await settle();
  const counters = await measureCounterWrites({
    grids: facts.grids,
    today: plan.today,
    runId,
    report: (personId, gridCode, i) => reportItem({ ...pool[0]!, personId, gridCode }, i),
    log,
    notes,
  });

  // Cross-match: a messy list uploaded in parts and processed by the stream chain, against the
  // city's region registry (imported first, as an admin does once) so rows route by address.
  let crossMatch: CrossMatchBenchResult | undefined;
  const crossMatchRows = Number(args['cross-match-rows']);
  if (crossMatchRows > 0) {
    log(`cross-match of a ${crossMatchRows}-row list…`);
    await settle();
    const adminToken = await login(BENCH_ADMIN_OPENID);
    const regions = await post(
      '/v1/regions/import',
      { cityCode: facts.grids[0]!.slice(0, 4) },
      { authorization: `Bearer ${adminToken}` },
    );
    if (regions.status !== 200) throw new Error(`region import: ${regions.status}`);
    await settle();
    crossMatch = await benchCrossMatch({
      apiUrl: api,
      token: adminToken,
      rows: crossMatchRows,
      drain: () => stack.drainStreams(),
      known: facts.known,
      capture: async (fn) => (await captureCapacity(fn)).capacity,
    });
    log(
      `cross-match: ${crossMatch.rowsPerSecond.toFixed(0)} rows/s, ${crossMatch.matched} matched, ${crossMatch.perRow?.readCalls} reads per row`,
    );
  }

  return { scenarios: result, capacity, durationsMs, counters, crossMatch, pipeline, mix };
}

main().then(
  () => process.exit(0),
  (err: unknown) => {
    console.error(err);
    process.exit(1);
  },
);
