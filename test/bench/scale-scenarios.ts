/**
 * A scale's scenarios in order, on the local stack over the loaded city: residents signed in and a
 * warm-up, the read scenarios, check-in and its pipeline, supply, the morning peak's mix (when asked),
 * capacity per operation, counter writes, and the cross-match of a generated list (when asked).
 */
import { ulid } from 'ulid';
import { manifest } from '../../functions/src/manifest';
import { captureCapacity } from './capacity';
import { capacityPerOperation } from './capacity-samples';
import { checkinScenario } from './checkin-scenario';
import { BENCH_ADMIN_OPENID, BENCH_GRIDWORKER_OPENID, type CityFacts, type CityPlan } from './city';
import { measureCounterWrites } from './counters';
import { benchCrossMatch, type CrossMatchBenchResult } from './cross-match';
import type { HttpRequest, ScenarioResult } from './load';
import type { MixResult } from './mix';
import { mixScenario } from './mix-scenario';
import type { pipelineRecorder } from './pipeline';
import {
  dashboardCodes,
  dashboardScenarios,
  pendingPageScenario,
  quarantineBoardScenario,
  statsReader,
} from './read-scenarios';
import type { ScaleContext } from './scale-context';
import { apiCalls, dashboardRequest, mapLimit, requestBuilders } from './scale-requests';
import type { ScaleResult } from './scale-result';
import { supplyScenarios } from './supply-scenario';

const CAPACITY_SAMPLES = 7;
/** Persons each mixed-workload run may need per second (a ceiling; its check-ins are ~40 % of it). */
const MIX_PERSONS_PER_SECOND = 250;
/** Persons the check-in run may use: a ceiling well above what this machine can write in the duration. */
const CHECKINS_PER_SECOND_CEILING = 800;

export interface ScenarioOptions {
  plan: CityPlan;
  facts: CityFacts;
  recorder: ReturnType<typeof pipelineRecorder>;
  dynamoPort: number;
  /** Run the morning peak's mixed workload. */
  mix: boolean;
  /** Rows of the generated list to cross-match (0: none). */
  crossMatchRows: number;
}

export async function scenarios(
  ctx: ScaleContext,
  o: ScenarioOptions,
): Promise<Omit<ScaleResult, 'persons' | 'plan' | 'counts' | 'load' | 'notes'>> {
  const { connections, durationS, notes, log, settle } = ctx;
  const { plan, facts } = o;
  const api = apiCalls(ctx.stack.apiUrl);
  const { send, login } = api;

  const gw = await login(BENCH_GRIDWORKER_OPENID);
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
  const req = requestBuilders({ authorization: `Bearer ${gw}` }, tokens);

  // Warm-up: every route once per grid or so, so module loading and JIT are out of the figures.
  log('warming up…');
  for (const [i, p] of warmupPeople.entries()) {
    await send(req.checkin(p, `warm${runId}${i}`));
    await send(req.pendingPage(grids[i % grids.length]!));
    await send(req.board(grids[i % grids.length]!));
  }
  const warmSupply = quarantinedHouseholds[0];
  if (warmSupply) {
    const created = await send(req.createSupply(warmSupply, `warm${runId}s`));
    await send(req.accept(String(created.requestId)));
  }
  await settle();

  const result: Record<string, ScenarioResult> = {};
  result.pendingPage = await pendingPageScenario(ctx, req, grids, o.dynamoPort);
  result.quarantineBoard = await quarantineBoardScenario(ctx, req, grids);

  // The centre dashboard, when the manifest has it (issue 6): a street's and the city's figures.
  const statsRoute = manifest.routes.find((r) => r.operationId === 'getRegionStats');
  const dashboards = dashboardCodes(grids);
  const dashboard = statsRoute
    ? dashboardRequest(statsRoute.path, { authorization: `Bearer ${await login(BENCH_ADMIN_OPENID)}` })
    : null;
  if (dashboard) Object.assign(result, await dashboardScenarios(ctx, api, dashboard, dashboards, plan.today));
  else notes.push('centre dashboard: not yet (issue 6)');

  const checkin = await checkinScenario(ctx, { req, pool, runId, recorder: o.recorder, today: plan.today });
  result.checkIn = checkin.result;

  const supply = await supplyScenarios({
    households: quarantinedHouseholds,
    base: ctx.base,
    maxRequests: durationS * CHECKINS_PER_SECOND_CEILING,
    keep: CAPACITY_SAMPLES,
    createSupply: req.createSupply,
    accept: req.accept,
    runId,
    streams: ctx.streams,
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
  if (o.mix) {
    await settle();
    const out = await mixScenario({
      builders: {
        send,
        checkin: (p, key, temperature) => ({ ...req.checkin(p, key), body: { temperature, symptoms: [] } }),
        pendingPage: req.pendingPage,
        verify: req.verify,
        dashboard,
        readFigures: statsRoute ? await statsReader() : null,
        createSupply: req.createSupply,
        accept: req.accept,
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
      streams: ctx.streams,
      recorder: o.recorder,
      log,
    });
    mix = out.mix;
    verifyIds.push(...out.verifyIds);
    notes.push(...mix.notes.map((n) => `mixed workload: ${n}`));
    await settle();
  }

  // Capacity per operation: a few requests one at a time, each after the consumers are idle.
  const samples = (build: (i: number) => HttpRequest) =>
    Array.from({ length: CAPACITY_SAMPLES }, (_, i) => build(i));
  const operations: Array<[string, HttpRequest[]]> = [
    ['checkIn', capacityPeople.map((p, i) => req.checkin(p, `cap${runId}${i}`))],
    ['pendingPage', grids.slice(0, CAPACITY_SAMPLES).map(req.pendingPage)],
    ['quarantineBoard', grids.slice(0, CAPACITY_SAMPLES).map(req.board)],
  ];
  if (verifyIds.length > 0) operations.push(['verify', verifyIds.map(req.verify)]);
  if (dashboard) {
    for (const [name, codes] of dashboards)
      operations.push([name, samples((i) => dashboard(codes[i % codes.length]!))]);
  }
  operations.push([
    'login',
    samples(() => ({
      method: 'POST',
      path: '/v1/auth/wechat',
      headers: {},
      body: { code: `test:${BENCH_GRIDWORKER_OPENID}` },
    })),
  ]);
  if (quarantinedHouseholds.length > 0) {
    operations.push([
      'supplyCreate',
      samples((i) =>
        req.createSupply(quarantinedHouseholds[i % quarantinedHouseholds.length]!, `capsr${runId}${i}`),
      ),
    ]);
    operations.push(['supplyAccept', supplyIds.slice(-CAPACITY_SAMPLES).map(req.accept)]);
  }
  const { capacity, durationsMs } = await capacityPerOperation(ctx, send, operations);

  // Counter writes: the counting stream consumer of the manifest fed batches of 100 check-in events.
  await settle();
  const counters = await measureCounterWrites({
    grids: facts.grids,
    today: plan.today,
    runId,
    report: (personId, gridCode, i) => checkin.reportItem({ ...pool[0]!, personId, gridCode }, i),
    log,
    notes,
  });

  const crossMatch =
    o.crossMatchRows > 0 ? await crossMatchScenario(ctx, api, facts, o.crossMatchRows) : undefined;
  return { scenarios: result, capacity, durationsMs, counters, crossMatch, pipeline: checkin.pipeline, mix };
}

/**
 * Cross-match: a messy list uploaded in parts and processed by the stream chain, against the city's
 * region registry (imported first, as an admin does once) so rows route by address.
 */
async function crossMatchScenario(
  ctx: ScaleContext,
  api: ReturnType<typeof apiCalls>,
  facts: CityFacts,
  rows: number,
): Promise<CrossMatchBenchResult> {
  ctx.log(`cross-match of a ${rows}-row list…`);
  await ctx.settle();
  const adminToken = await api.login(BENCH_ADMIN_OPENID);
  const regions = await api.post(
    '/v1/regions/import',
    { cityCode: facts.grids[0]!.slice(0, 4) },
    { authorization: `Bearer ${adminToken}` },
  );
  if (regions.status !== 200) throw new Error(`region import: ${regions.status}`);
  await ctx.settle();
  const crossMatch = await benchCrossMatch({
    apiUrl: ctx.stack.apiUrl,
    token: adminToken,
    rows,
    drain: () => ctx.stack.drainStreams(),
    known: facts.known,
    capture: async (fn) => (await captureCapacity(fn)).capacity,
  });
  ctx.log(
    `cross-match: ${crossMatch.rowsPerSecond.toFixed(0)} rows/s, ${crossMatch.matched} matched, ${crossMatch.perRow?.readCalls} reads per row`,
  );
  return crossMatch;
}
