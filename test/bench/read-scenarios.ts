/**
 * The read scenarios over HTTP beside their floors (the same repository call through the app's
 * client): the gridworker's pending page with the CPU each page costs both processes (its growth
 * with the city, issue 20), the quarantine board, and the centre dashboard at street and city level.
 */
import { listActiveInGrid } from '../../functions/src/contexts/quarantine/entities/quarantine';
import { listPending } from '../../functions/src/contexts/reporting/entities/submissions';
import { javaPidOnPort, withCpu } from './cpu';
import { floorLoad, type HttpRequest, httpLoad, ratioOf, type ScenarioResult } from './load';
import { pairedRounds } from './paired-rounds';
import type { ScaleContext } from './scale-context';
import type { ApiCalls, RequestBuilders } from './scale-requests';

/** The centre figures' read (not a literal import, so the bench compiles on a tree without it). */
export async function statsReader(): Promise<(code: string, date: string) => Promise<unknown>> {
  const statsModule = '../../functions/src/contexts/hierarchy/entities/stats.ts';
  return ((await import(statsModule)) as { readFigures(code: string, date: string): Promise<unknown> })
    .readFigures;
}

/**
 * The pending page of 20 and its floor in alternating rounds, each with the CPU per page of DynamoDB
 * Local's JVM and of this process. Before them, one unrecorded round of each side: DynamoDB Local was
 * just restarted on the loaded database and the API's code has served 20 pages, so the first
 * sustained load warms both JITs, which would otherwise fall on the first recorded round.
 */
export async function pendingPageScenario(
  ctx: ScaleContext,
  req: RequestBuilders,
  grids: string[],
  dynamoPort: number,
): Promise<ScenarioResult> {
  const { connections, roundS } = ctx;
  ctx.log(`pending page (${ctx.readRounds} rounds of ${roundS} s each way)…`);
  const java = javaPidOnPort(dynamoPort);
  const http = () =>
    httpLoad({ ...ctx.base, durationS: roundS, request: (i) => req.pendingPage(grids[i % grids.length]!) });
  const floor = () =>
    floorLoad({
      connections,
      durationS: roundS,
      op: (i) => listPending(grids[i % grids.length]!, 'health', 20),
    });
  await http();
  await floor();
  return pairedRounds(
    ctx.readRounds,
    () => withCpu(java, http),
    () => withCpu(java, floor),
  );
}

export async function quarantineBoardScenario(
  ctx: ScaleContext,
  req: RequestBuilders,
  grids: string[],
): Promise<ScenarioResult> {
  const { connections, durationS } = ctx;
  ctx.log('quarantine board…');
  const http = await httpLoad({ ...ctx.base, request: (i) => req.board(grids[i % grids.length]!) });
  const floor = await floorLoad({
    connections,
    durationS,
    op: (i) => listActiveInGrid(grids[i % grids.length]!),
  });
  return { http, floor, ratio: ratioOf(http, floor) };
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
  const { connections, durationS } = ctx;
  const out: Record<string, ScenarioResult> = {};
  const stats = { readFigures: await statsReader() };
  for (const [name, codes] of dashboards) {
    ctx.log(`${name}…`);
    for (const code of codes.slice(0, 5)) await api.send(dashboard(code));
    const http = await httpLoad({ ...ctx.base, request: (i) => dashboard(codes[i % codes.length]!) });
    const floor = await floorLoad({
      connections,
      durationS,
      op: (i) => stats.readFigures(codes[i % codes.length]!, today),
    });
    out[name] = { http, floor, ratio: ratioOf(http, floor) };
  }
  return out;
}
