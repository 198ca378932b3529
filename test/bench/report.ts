/** The bench's tables (stdout and docs/performance.md). */
import { renderBundles } from './bundles-report';
import { renderPendingGrowth } from './growth-report';
import { renderLoad } from './load-report';
import { renderBill, renderMix } from './mix-report';
import { growth } from './paired-rounds';
import { renderPasses } from './passes-report';
import { PIPELINE_HEAD, PIPELINE_METHOD, pipelineRows } from './pipeline';
import { f0, f1, f2, kb, READ_SCENARIOS, SCENARIO_LABELS, scaleLabel, table } from './report-format';
import { missedNotes, verdicts } from './report-verdicts';
import type { BenchResults } from './results';

export type { BenchResults } from './results';

export function renderTables(r: BenchResults): string {
  const parts: string[] = [];
  parts.push(renderLoad(r));
  parts.push(
    `\n\n### Scenarios over HTTP (autocannon, ${r.options.connections} connections, ${r.options.durationS} s) and their floors\n`,
  );
  parts.push(
    table(
      [
        'scenario',
        'persons',
        'HTTP req/s',
        'p50 ms',
        'p99 ms',
        'non-2xx',
        'floor ops/s',
        'floor p50 ms',
        'HTTP / floor',
      ],
      r.scales.flatMap((s) =>
        Object.entries(s.scenarios).map(([name, sc]) => [
          SCENARIO_LABELS[name] ?? name,
          scaleLabel(s.persons),
          f0(sc.http.perSecond),
          f1(sc.http.p50Ms),
          f1(sc.http.p99Ms),
          f0(sc.http.failures),
          f0(sc.floor.perSecond),
          f1(sc.floor.p50Ms),
          f2(sc.ratio),
        ]),
      ),
    ),
  );
  const crossMatched = r.scales.filter((s) => s.crossMatch);
  if (crossMatched.length > 0) {
    parts.push(
      '\n\n### Cross-match of a generated list (upload in parts, then the stream chain)\n\n' +
        'The list names 30 % persons already on file (taken across the city): half of them by ID number ' +
        '(some written full-width or with a lower-case x), half of those with a phone by phone only ' +
        '(name + phone, no ID). Reads and writes per row are the app client’s DynamoDB calls while ' +
        'the list is processed, divided by its rows.\n\n',
    );
    parts.push(
      table(
        [
          'persons',
          'rows',
          'upload s',
          'process s',
          'rows/s',
          'on file: by ID / by phone only',
          'matched',
          'routed to grids',
          'to centre queues',
          'row errors',
          'reads per row (RCU)',
          'writes per row (WCU)',
        ],
        crossMatched.map((s) => {
          const c = s.crossMatch!;
          return [
            scaleLabel(s.persons),
            f0(c.rows),
            f1(c.uploadSeconds),
            f1(c.processSeconds),
            f0(c.rowsPerSecond),
            c.knownById === undefined ? '–' : `${f0(c.knownById)} / ${f0(c.knownByPhone ?? 0)}`,
            f0(c.matched),
            f0(c.routed),
            f0(c.unrouted),
            f0(c.errors),
            c.perRow ? `${c.perRow.readCalls.toFixed(2)} (${c.perRow.readUnits.toFixed(2)})` : '–',
            c.perRow ? `${c.perRow.writeCalls.toFixed(2)} (${c.perRow.writeUnits.toFixed(2)})` : '–',
          ];
        }),
      ),
    );
  } else {
    parts.push('\n\nNot measured in this run: cross-match of a 100,000-row list (`--cross-match-rows`).');
  }

  if (r.scales.length > 0) {
    parts.push('\n\n### Read scenarios: p50 by scale\n');
    const first = r.scales[0]!;
    const last = r.scales.at(-1)!;
    parts.push(
      table(
        [
          'scenario',
          ...r.scales.map((s) => `p50 at ${scaleLabel(s.persons)}`),
          `${scaleLabel(last.persons)} / ${scaleLabel(first.persons)}`,
          'floor p50 ratio',
          'app ÷ floor growth, paired rounds (spread)',
        ],
        READ_SCENARIOS.filter((n) => first.scenarios[n] && last.scenarios[n]).map((n) => {
          const g = growth(first.scenarios[n]!, last.scenarios[n]!);
          return [
            SCENARIO_LABELS[n]!,
            ...r.scales.map((s) => `${f1(s.scenarios[n]?.http.p50Ms ?? Number.NaN)} ms`),
            f2(g.app),
            f2(g.floor),
            g.rounds[0] > 1 && g.rounds[1] > 1 ? `${f2(g.gap)} (${f2(g.low)}–${f2(g.high)})` : '–',
          ];
        }),
      ),
    );
    parts.push(renderPendingGrowth(r));

    parts.push(
      `\n\n### Capacity units per operation (ReturnConsumedCapacity=INDEXES, median of 7, at ${scaleLabel(last.persons)})\n`,
    );
    parts.push(
      table(
        ['operation', 'DynamoDB calls', 'table RCU', 'table WCU', 'GSI RCU', 'GSI WCU', 'by index'],
        Object.entries(last.capacity).map(([name, c]) => [
          SCENARIO_LABELS[name] ?? name,
          `${c.calls} (${Object.entries(c.commands)
            .map(([k, v]) => `${k}×${v}`)
            .join(', ')})`,
          f1(c.tableRead),
          f1(c.tableWrite),
          f1(c.indexRead),
          f1(c.indexWrite),
          Object.entries(c.byIndex)
            .map(([k, v]) => `${k} ${f1(v)}`)
            .join(', ') || '–',
        ]),
      ),
    );

    parts.push(
      `\n\n### Counter writes per 100 stream events (the counting consumer fed 100 check-ins, at ${scaleLabel(last.persons)}, mean of 3 batches)\n`,
    );
    parts.push(
      table(
        [
          'consumer',
          'events spread over',
          'distinct grids',
          'counter writes',
          'by level',
          'most written key, by level',
          'reads',
          'RCU',
        ],
        last.counters.map((c) => [
          c.consumer,
          c.spread,
          f0(c.distinctGrids),
          f1(c.writesPer100Events),
          Object.entries(c.byLevel)
            .map(([k, v]) => `${k} ${f1(v)}`)
            .join(', ') || '–',
          Object.entries(c.maxPerKeyByLevel ?? {})
            .map(([k, v]) => `${k} ${f0(v)}`)
            .join(', ') || '–',
          f1(c.readsPer100Events),
          f1(c.readUnitsPer100Events),
        ]),
      ),
    );
  }

  parts.push(renderMix(r));
  const pipelines = pipelineRows(r.scales, scaleLabel);
  if (pipelines.length > 0) {
    parts.push(
      '\n\n### Table stream pipeline under the check-in load (issue 17: two filtered readers, one dispatcher)\n',
    );
    parts.push(`\n${PIPELINE_METHOD}\n\n`);
    parts.push(table(PIPELINE_HEAD, pipelines));
  }
  parts.push(renderPasses(r.passes));

  parts.push(renderBill(r));

  parts.push(renderBundles(r.bundles));

  parts.push(
    `\n\n### Mini program${r.miniprogramMeasuredLater ? ` (measured ${r.miniprogramMeasuredLater.slice(0, 16).replace('T', ' ')} UTC, after the run: miniprogram/dist was being rebuilt during it)` : ''}\n`,
  );
  parts.push(
    r.miniprogram.built
      ? table(
          ['package', 'size'],
          [
            ['main', kb(r.miniprogram.mainBytes)],
            ...Object.entries(r.miniprogram.subpackages).map(([k, v]) => [`subpackage ${k}`, kb(v)]),
            ['total', kb(r.miniprogram.totalBytes)],
          ],
        )
      : 'not built (miniprogram/dist missing): run `npm run build:weapp -w miniprogram` or the equivalent first.',
  );

  parts.push('\n\n### Targets\n');
  parts.push(
    table(
      ['target', 'result', 'figure'],
      verdicts(r).map((v) => [v.target, v.met === null ? 'not yet' : v.met ? 'met' : '**missed**', v.figure]),
    ),
  );
  return parts.join('');
}

/** `## ` headings the bench writes itself; any other `## ` section of the page is someone else's and kept. */
const OWN_SECTIONS = [/^## Where targets are missed/, /^## Scales not measured/];

/**
 * The page's `## ` sections that other tools or people wrote, verbatim. The hand-kept health pass
 * section (issue 19) is dropped once the run measured the health pass itself (`passes`).
 */
export function keptSections(previous: string, passes = false): string {
  const own = passes ? [...OWN_SECTIONS, /^## Health pass/] : OWN_SECTIONS;
  const sections = previous.split(/\n(?=## )/).slice(1);
  return sections
    .filter((s) => !own.some((o) => o.test(s)))
    .map((s) => s.trimEnd())
    .join('\n\n');
}

/** The whole page; `previous` is the page as it is, whose other sections are carried over. */
export function renderDoc(r: BenchResults, tables: string, previous = ''): string {
  const kept = keptSections(previous, Boolean(r.passes?.payload || r.passes?.issue));
  const m = r.machine;
  return `# Performance

Measured by \`npm run bench\` (test/bench/, not part of \`npm test\`); this page is generated by it
from the latest full run, whose raw figures are in \`test/bench/results/${r.date.slice(0, 10)}.json\`.

**What is measured.** A synthetic Dongying is loaded into DynamoDB Local at each scale (in bulk,
straight into its SQLite file; see the load section), in the item shapes the app writes (grids on
the real communities, households of 2–4 persons with valid ID numbers and phones encrypted with the
local keys, each person's identity keys as the personIdentity consumer keeps them, resident accounts,
one household in 60 in home quarantine, ${r.scales[0]?.plan.historyDays ?? 2} days of report history of which the latest day's
half is still pending, ~${r.scales[0]?.plan.personsPerGrid ?? 500} persons a grid at every scale). The local stack
(\`startLocalStack\`: every route behind the API Gateway-shaped server, stream poller, fake WeChat)
then runs in the bench's process on that database, and each scenario is driven over HTTP by
autocannon at ${r.options.connections} connections for ${r.options.durationS} s${r.options.readRounds && r.options.readRounds > 1 ? ` (a read scenario in ${r.options.readRounds} alternating rounds with its floor, the same time in all)` : ''}; each request of a write scenario is a distinct
person (or request) with its own Idempotency-Key. Next to each scenario, its **floor**: the same
DynamoDB calls (the app's repository functions) made straight through the app's client at the same
concurrency. Capacity units come from DynamoDB Local's ReturnConsumedCapacity, requested by a
middleware added to the app's own client during the bench (no app code changed). During write
scenarios the stream consumers are paused (they run in their own Lambda functions in AWS) and caught
up before the next measurement. The deployed functions — one per HTTP function group (its generated
router), stream consumer and schedule, the entries infra/ generates — are bundled with the options
infra/ deploys them with (infra/lib/bundle.ts: esbuild, node22, ESM with code splitting, minified, the
AWS SDK bundled) and loaded in a fresh \`node\` process, median of ${r.options.loadRuns} runs, CPU and wall
time; this is module load only (in AWS a cold start also reads the secrets once, not measured here).

**Machine.** ${m.cpus} cores (${m.cpuModel}), ${m.memoryGb} GB, Node ${m.node}, ${m.dynamodbLocal};
load average ${m.loadAverageAtStart.join(' / ')} (1 / 5 / 15 min) when the run started.
The load generator, the API and every handler share one Node process (one core); DynamoDB Local's
JVM has the other. Ratios measured side by side in one run are the figures to trust; absolute
rates are this laptop-class machine's, not Lambda's.

**Rerun.** \`npm run bench\` (10k, 100k and 1M persons; a scale whose load would exceed
\`--max-load-seconds\`, 600 by default, at the rate measured at the previous scale is not run —
nothing is extrapolated), the two load paths at 20k (\`--load-compare\`), the morning peak's mixed
workload at 100k (\`--mix-at\`) and a 100,000-row cross-match at 100k persons (\`--cross-match-rows\`).
The sizes are flags: \`npm run bench -- --scales 10k,100k --load-compare 30k --cross-match-rows 20000
--load-runs 9\` is this page's run (about 15 minutes on the shared 2-core machine); 1M on its own, added to a run's results:
\`npm run bench -- --scales 1m --max-load-seconds 3600 --cross-match-rows 0 --mix-at 0 --load-compare 0
--no-bundles --append test/bench/results/<date>.json\`. Smoke run: \`npm run bench -- --scales 1000 --duration 3
--no-bundles --cross-match-rows 2000 --load-compare 2000 --mix-at 1000\` (a few minutes; add \`--load-runs 3\` instead of
\`--no-bundles\` to include the bundles). A run of one
scale or without bundles prints only; it replaces the figures here only with \`--write\`.
Other options: \`--connections\`, \`--max-load-seconds\`, \`--from <results.json>\` (re-render this page),
\`--load bulk|batch\`, \`--load-compare <persons>\`, \`--no-passes\` (skip the health pass figures), \`--read-rounds <n>\` (4: alternating HTTP/floor rounds of each read scenario). Sections of this page with a \`## \` heading of
their own that the bench does not write (other tools' figures) are kept when it rewrites the page.

Run of ${r.date.slice(0, 16).replace('T', ' ')} UTC.${(r.appended ?? [])
    .map(
      (a) =>
        ` Added from a later run of ${a.date.slice(0, 16).replace('T', ' ')} UTC (\`--append\`, load average ${a.loadAverageAtStart.join(' / ')} at its start): ${a.persons.map(scaleLabel).join(', ')} persons.`,
    )
    .join('')}

${tables}

${missedNotes(r)}
${kept ? `\n${kept}\n` : ''}`;
}
