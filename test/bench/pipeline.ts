/**
 * The table stream's pipeline under the check-in scenario (issue 17): how late its effects are
 * (check-in → counters, fever report → alert item → the alert notifier's send), whether the readers
 * keep up with the writes, and what it costs in Lambda invocations. The lag is taken from the local
 * readers' batches: a batch's finish time minus the written item's own timestamp (reportedAt, an
 * alert's createdAt, which is its report's reportedAt).
 */
import type { DynamoDBStreamEvent } from 'aws-lambda';
import type { StreamConsumerCounts } from '../../functions/local/stream-poller-api';
import { type HttpRequest, httpLoad } from './load';

export interface Percentiles {
  n: number;
  p50: number;
  p99: number;
}

export interface PipelineResult {
  checkins: number;
  fevers: number;
  /** Check-ins written per second (the HTTP load, readers running). */
  writeRate: number;
  /** Check-ins the readers worked through per second catching up a paused backlog. */
  consumeRate: number;
  /** consumeRate ÷ writeRate: ≥ 1 means the pipeline keeps up. */
  ratio: number;
  lagMs: { checkinToCounters: Percentiles; feverToAlert: Percentiles; feverToNotice: Percentiles };
  /** Reader invocations per 100 check-ins, measured. */
  invocationsPer100: number;
  /**
   * The same records read by six unfiltered mappings at their former batch sizes (the design before
   * issue 17): per consumer, at least one invocation per read that returned records, and at least
   * records ÷ batch size. A computed lower bound, not a measurement.
   */
  unfilteredInvocationsPer100: number;
}

/** The former six mappings' batch sizes (quarantineChecks, alertNotifier, personIdentity, crossMatchImports, supplyRequestNotifier, statsCounter). */
const FORMER_BATCH_SIZES = [100, 50, 100, 1000, 50, 100];

export function percentiles(samples: readonly number[]): Percentiles {
  const sorted = [...samples].sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? Number.NaN;
  return { n: sorted.length, p50: at(0.5), p99: at(0.99) };
}

export function pipelineRecorder() {
  let recording = false;
  const lag = { counters: [] as number[], alert: [] as number[], notice: [] as number[] };
  return {
    lag,
    start: () => {
      recording = true;
    },
    stop: () => {
      recording = false;
    },
    onBatch(_reader: string, event: DynamoDBStreamEvent, finishedAt: number): void {
      if (!recording) return;
      for (const record of event.Records) {
        const image = record.dynamodb?.NewImage;
        if (record.eventName !== 'INSERT' || !image) continue;
        const type = image.type?.S;
        if (type === 'HEALTH_REPORT') {
          const at = Date.parse(image.reportedAt?.S ?? '');
          lag.counters.push(finishedAt - at);
          if (image.fever?.BOOL) lag.alert.push(finishedAt - at);
        } else if (type === 'ALERT' && image.kind?.S === 'FEVER') {
          lag.notice.push(finishedAt - Date.parse(image.createdAt?.S ?? ''));
        }
      }
    },
  };
}

type Counts = Record<string, StreamConsumerCounts>;

export function invocationsBetween(
  before: Counts,
  after: Counts,
): { invocations: number; unfiltered: number } {
  let invocations = 0;
  let unfiltered = 0;
  for (const [reader, now] of Object.entries(after)) {
    const then = before[reader] ?? { invocations: 0, recordsRead: 0, readsWithRecords: 0 };
    invocations += now.invocations - then.invocations;
    if (reader !== 'streamEvents') continue;
    // Every reader reads every record: one reader's reads stand for the former mappings' reads.
    const records = now.recordsRead - then.recordsRead;
    const reads = now.readsWithRecords - then.readsWithRecords;
    for (const size of FORMER_BATCH_SIZES) unfiltered += Math.max(reads, Math.ceil(records / size));
  }
  return { invocations, unfiltered };
}

/** The page's section: one row per scale that measured the pipeline (rows as cells, for report.ts's table). */
export function pipelineRows(
  scales: ReadonlyArray<{ persons: number; pipeline?: PipelineResult }>,
  label: (n: number) => string,
) {
  const ms = (p: Percentiles) => (p.n > 0 ? `${p.p50} / ${p.p99}` : '–');
  return scales.flatMap((s) => {
    const p = s.pipeline;
    if (!p) return [];
    return [
      [
        label(s.persons),
        `${p.checkins} (${p.fevers} fevers)`,
        ms(p.lagMs.checkinToCounters),
        ms(p.lagMs.feverToAlert),
        ms(p.lagMs.feverToNotice),
        `${p.consumeRate.toFixed(0)} / ${p.writeRate.toFixed(0)} = ${p.ratio.toFixed(2)}`,
        p.invocationsPer100.toFixed(1),
        `≥ ${p.unfilteredInvocationsPer100.toFixed(1)}`,
      ],
    ];
  });
}

export const PIPELINE_HEAD = [
  'scale',
  'check-ins (readers running)',
  'check-in → counters p50 / p99 ms',
  'fever → alert item p50 / p99 ms',
  'fever → alert notifier done (sent, or no grant) p50 / p99 ms',
  'consumed / written per s',
  'invocations per 100 check-ins',
  'six unfiltered mappings (computed)',
];

/** How the pipeline figures are taken (the page's text above the table). */
export const PIPELINE_METHOD = `After the check-in scenario (readers paused, as the request path is measured alone) the
readers work through its backlog: their rate against the scenario's write rate is the ratio. Then the
same load runs again with the readers running, one check-in in ten a fever (38.5 °C): lag is a reader
batch's finish time minus the item's own time (\`reportedAt\`; an alert's \`createdAt\` is its report's),
invocations are counted by the local poller, which applies the mappings' filter criteria. The last
column is computed, not measured: the same stream reads fed to the six unfiltered mappings of before
issue 17 at their batch sizes (100, 50, 100, 1000, 50, 100), one invocation per read with records at
least — a lower bound. The readers share one Node process with the API and the load generator here;
lag in Lambda adds the mapping's 1 s batching window and the stream's own delay instead.`;

/**
 * The check-in load again with the readers running: lag (the recorder's) and reader invocations.
 * `writeRate` and `consumeRate` come from the check-in scenario and its paused backlog's catch-up.
 */
export async function measurePipeline(o: {
  base: { url: string; connections: number; durationS: number };
  request: (i: number) => HttpRequest;
  /** Distinct persons left for it; under 100 it is not measured. */
  available: number;
  writeRate: number;
  consumeRate: number;
  counts: () => Counts;
  settle: () => Promise<void>;
  recorder: ReturnType<typeof pipelineRecorder>;
  log: (msg: string) => void;
}): Promise<PipelineResult | undefined> {
  if (o.available < 100) return undefined;
  o.log(`stream pipeline under check-in load (${o.available} persons available)…`);
  const before = o.counts();
  o.recorder.start();
  const lagHttp = await httpLoad({ ...o.base, maxRequests: o.available, request: o.request });
  await o.settle();
  o.recorder.stop();
  const { invocations, unfiltered } = invocationsBetween(before, o.counts());
  const per100 = (n: number) => (n * 100) / Math.max(1, lagHttp.operations);
  const lag = o.recorder.lag;
  const pipeline: PipelineResult = {
    checkins: lagHttp.operations,
    fevers: lag.alert.length,
    writeRate: o.writeRate,
    consumeRate: o.consumeRate,
    ratio: o.consumeRate / o.writeRate,
    lagMs: {
      checkinToCounters: percentiles(lag.counters),
      feverToAlert: percentiles(lag.alert),
      feverToNotice: percentiles(lag.notice),
    },
    invocationsPer100: per100(invocations),
    unfilteredInvocationsPer100: per100(unfiltered),
  };
  o.log(
    `pipeline: keeps up ×${pipeline.ratio.toFixed(2)}, check-in→counters p50 ${pipeline.lagMs.checkinToCounters.p50} ms p99 ${pipeline.lagMs.checkinToCounters.p99} ms, ${pipeline.invocationsPer100.toFixed(1)} invocations per 100 check-ins (unfiltered ≥ ${pipeline.unfilteredInvocationsPer100.toFixed(1)})`,
  );
  return pipeline;
}
