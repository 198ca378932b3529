/**
 * The read scenarios over HTTP beside their floors (the same repository call through the app's
 * client), each in alternating rounds with its floor (their growth with the city is judged on them,
 * issue 20): the gridworker's pending page with the CPU each page costs both processes, the
 * quarantine board, and the centre dashboard at street and city level.
 */
import { listActiveInGrid } from '../../functions/src/contexts/quarantine/entities/quarantine';
import { listPending } from '../../functions/src/contexts/reporting/entities/submissions';
import { javaPidOnPort, withCpu } from './cpu';
import { floorLoad, type HttpRequest, httpLoad, type ScenarioResult } from './load';
import { pairedRounds } from './paired-rounds';
import type { ScaleContext } from './scale-context';
import type { ApiCalls, RequestBuilders } from './scale-requests';

/** The centre figures' read (not a literal import, so the bench compiles on a tree without it). */
export async function statsReader(): Promise<(code: string, date: string) => Promise<unknown>> {
  const statsModule = '../../functions/src/contexts/hierarchy/entities/stats.ts';
  return ((await import(statsModule)) as { readFigures(code: string, date: string): Promise<unknown> })
    .readFigures;
}

type Run = Parameters<typeof pairedRounds>[1];

/**
 * A read scenario and its floor in alternating rounds (paired-rounds.ts), after one unrecorded round
 * of each: the first sustained load warms the JITs (DynamoDB Local was just restarted on the loaded
 * database; the API's code has served a handful of requests), which would otherwise fall on the first
 * recorded round only.
 */
async function inRounds(ctx: ScaleContext, name: string, http: Run, floor: Run): Promise<ScenarioResult> {
  ctx.log(`${name} (${ctx.readRounds} rounds of ${ctx.roundS} s each way)…`);
  await http();
  await floor();
  return pairedRounds(ctx.readRounds, http, floor);
}

/** The pending page of 20 and its floor, each with the CPU per page of DynamoDB Local's JVM and of this process. */
export function pendingPageScenario(
  ctx: ScaleContext,
  req: RequestBuilders,
  grids: string[],
  dynamoPort: number,
): Promise<ScenarioResult> {
  const { connections, roundS } = ctx;
  const java = javaPidOnPort(dynamoPort);
  return inRounds(
    ctx,
    'pending page',
    () =>
      withCpu(java, () =>
        httpLoad({
          ...ctx.base,
          durationS: roundS,
          request: (i) => req.pendingPage(grids[i % grids.length]!),
        }),
      ),
    () =>
      withCpu(java, () =>
        floorLoad({
          connections,
          durationS: roundS,
          op: (i) => listPending(grids[i % grids.length]!, 'health', 20),
        }),
      ),
  );
}

export function quarantineBoardScenario(
  ctx: ScaleContext,
  req: RequestBuilders,
  grids: string[],
): Promise<ScenarioResult> {
  const { connections, roundS } = ctx;
  return inRounds(
    ctx,
    'quarantine board',
    () => httpLoad({ ...ctx.base, durationS: roundS, request: (i) => req.board(grids[i % grids.length]!) }),
    () =>
      floorLoad({ connections, durationS: roundS, op: (i) => listActiveInGrid(grids[i % grids.length]!) }),
  );
}

/** The dashboards measured: a street's figures (the sample grids' streets) and the city's. */
export function dashboardCodes(grids: string[]): Array<[string, string[]]> {
  return [
    ['dashboardStreet', [...new Set(grids.map((g) => g.slice(0, 9)))]],
    ['dashboardCity', [grids[0]!.slice(0, 4)]],
  ];
}

export async function dashboardScenarios(
  ctx: ScaleContext,
  api: ApiCalls,
  dashboard: (code: string) => HttpRequest,
  dashboards: Array<[string, string[]]>,
  today: string,
): Promise<Record<string, ScenarioResult>> {
  const { connections, roundS } = ctx;
  const out: Record<string, ScenarioResult> = {};
  const stats = { readFigures: await statsReader() };
  for (const [name, codes] of dashboards) {
    for (const code of codes.slice(0, 5)) await api.send(dashboard(code));
    out[name] = await inRounds(
      ctx,
      name,
      () => httpLoad({ ...ctx.base, durationS: roundS, request: (i) => dashboard(codes[i % codes.length]!) }),
      () =>
        floorLoad({
          connections,
          durationS: roundS,
          op: (i) => stats.readFigures(codes[i % codes.length]!, today),
        }),
    );
  }
  return out;
}
