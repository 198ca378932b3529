/**
 * The residents' check-in over HTTP (readers paused, each request a distinct person with its own
 * Idempotency-Key), the readers working through its backlog, the table stream's pipeline under the
 * same load (issue 17), and the floor: the app's own conditional put of the same report.
 */
import { addDays, slotOf } from '@grid/shared';
import {
  type HealthReportItem,
  putHealthReport,
} from '../../functions/src/contexts/reporting/entities/submissions';
import { floorReport } from './floor-items';
import { floorLoad, httpLoad, ratioOf, type ScenarioResult } from './load';
import { measurePipeline, type PipelineResult, type pipelineRecorder } from './pipeline';
import type { ScaleContext } from './scale-context';
import type { BenchPerson, RequestBuilders } from './scale-requests';

/** The floor's report for a person: stored for another day (10 days back), so it never meets the API's. */
export function floorReportFor(today: string, runId: string) {
  const floorDate = addDays(today, -10);
  const floorSlot = slotOf(new Date());
  return (p: BenchPerson, i: number): HealthReportItem =>
    floorReport(p, floorDate, floorSlot, `floor${runId}${i}`);
}

export async function checkinScenario(
  ctx: ScaleContext,
  o: {
    req: RequestBuilders;
    /** Distinct persons, none used before. */
    pool: BenchPerson[];
    runId: string;
    recorder: ReturnType<typeof pipelineRecorder>;
    today: string;
  },
): Promise<{
  result: ScenarioResult;
  pipeline: PipelineResult | undefined;
  /** The floor's report item builder (the counter-writes measurement feeds the same items). */
  reportItem: (p: BenchPerson, i: number) => HealthReportItem;
}> {
  const { stack, connections, durationS, notes, settle } = ctx;
  const { pool, runId, req } = o;
  ctx.log(`check-in (${pool.length} distinct persons available)…`);
  stack.pauseStreams();
  const http = await httpLoad({
    ...ctx.base,
    maxRequests: pool.length,
    request: (i) => req.checkin(pool[i % pool.length]!, `ci${runId}${i}`),
  });
  // The backlog the load left (readers paused) is worked through: the readers' throughput.
  const catchUpStart = Date.now();
  stack.resumeStreams();
  if (http.operations >= pool.length)
    notes.push(`check-in ran out of distinct persons (${pool.length}) before ${durationS} s`);
  await settle();
  const consumeRate = http.operations / ((Date.now() - catchUpStart) / 1000);

  // The pipeline running under the same load: lag and invocations, one check-in in ten a fever.
  const lagPool = pool.slice(http.operations + connections);
  const pipeline = await measurePipeline({
    base: ctx.base,
    request: (i) => ({
      ...req.checkin(lagPool[i % lagPool.length]!, `cl${runId}${i}`),
      body: { temperature: i % 10 === 0 ? 38.5 : 36.5, symptoms: [] },
    }),
    available: lagPool.length,
    writeRate: http.perSecond,
    consumeRate,
    counts: () => stack.streamCounts(),
    settle,
    recorder: o.recorder,
    log: ctx.log,
  });
  if (!pipeline)
    notes.push('stream pipeline: too few persons left after the check-in scenario to measure lag');
  // The floor: the app's own conditional put of the same item, for the same persons on another day.
  const reportItem = floorReportFor(o.today, runId);
  const floor = await floorLoad({
    connections,
    durationS,
    maxOps: pool.length,
    op: (i) => putHealthReport(reportItem(pool[i % pool.length]!, i)),
  });
  await settle();
  return { result: { http, floor, ratio: ratioOf(http, floor) }, pipeline, reportItem };
}
