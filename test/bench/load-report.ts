/** The page's section on loading the synthetic city: each scale's load, and both paths at one size. */
import { f0, f1, f2, scaleLabel, table } from './report-format';
import type { BenchResults } from './results';

export function renderLoad(r: BenchResults): string {
  const parts: string[] = [];
  parts.push('### Loading the synthetic city\n');
  parts.push(
    table(
      [
        'persons',
        'households',
        'grids',
        'quarantined',
        'reports (pending)',
        'items',
        'path',
        'load s',
        'items/s',
        'persons/s',
      ],
      r.scales.map((s) => [
        f0(s.counts.persons),
        f0(s.counts.households),
        f0(s.counts.grids),
        f0(s.counts.quarantined),
        `${f0(s.counts.reports)} (${f0(s.counts.pendingReports)})`,
        f0(s.load.items),
        s.load.method ?? 'batch',
        f1(s.load.seconds),
        f0(s.load.itemsPerSecond),
        f0(s.load.personsPerSecond),
      ]),
    ),
  );
  if (r.skipped.length > 0) parts.push('\n');
  for (const k of r.skipped) parts.push(`\n${scaleLabel(k.persons)} persons: ${k.reason}.`);
  const c = r.loadComparison;
  if (c && c.length > 0) {
    const batch = c.find((x) => x.method === 'batch');
    const bulk = c.find((x) => x.method === 'bulk');
    parts.push(
      `\n\n#### Both load paths at ${scaleLabel(c[0]!.persons)} persons, one after the other in this run\n\n` +
        '`batch` is the former path: 16 parallel BatchWriteItem lanes of 25 items against DynamoDB Local. ' +
        '`bulk` writes the same rows straight into DynamoDB Local’s SQLite file while it is stopped ' +
        '(test/bench/bulk-load.ts; test/api/bench-load.test.ts checks every column of every row against ' +
        'what DynamoDB Local writes for the same items, and the reads it answers). CPU seconds per process ' +
        'show where the time goes.\n\n',
    );
    parts.push(
      table(
        [
          'path',
          'items',
          'load s',
          'persons/s',
          'items/s',
          'CPU s: Node',
          'java',
          'sqlite3',
          'load average at start',
        ],
        c.map((x) => [
          x.method,
          f0(x.items),
          f1(x.seconds),
          f0(x.personsPerSecond),
          f0(x.itemsPerSecond),
          f1(x.cpuSeconds.node),
          f1(x.cpuSeconds.java),
          f1(x.cpuSeconds.sqlite3),
          x.loadAverageAtStart.join(' / '),
        ]),
      ),
    );
    if (batch && bulk) {
      const speedup = bulk.personsPerSecond / batch.personsPerSecond;
      const million = r.scales.find((s) => s.persons === 1_000_000);
      const oneMillion = million
        ? `measured in this run: ${f0(million.load.seconds)} s (${f1(million.load.seconds / 60)} min) for ` +
          `${f1(million.load.items / 1e6)}M items, ${f2((58 * 60) / million.load.seconds)}× faster than`
        : `at the bulk rate it would load in about ${f0(1_000_000 / bulk.personsPerSecond / 60)} min — ` +
          "extrapolated linearly, not measured (SQLite's inserts slow somewhat as the table grows) — against";
      parts.push(
        `\n\nBulk ÷ batch: **${f2(speedup)}×** persons/s at the same size. A 1M-person city is ` +
          `~${f1(((bulk.items / bulk.persons) * 1e6) / 1e6)}M items now (the identity keys included); ${oneMillion} ` +
          'the 58 min measured on the batch path for 4.06M items on 2026-11-28 (285 persons/s).',
      );
    }
  }
  return parts.join('');
}
