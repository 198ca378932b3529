/**
 * The pending page at each scale (issue 20): latency of both sides, what the app adds over its floor
 * round by round, units, and the CPU a page costs each process.
 */
import { median, overFloor } from './paired-rounds';
import { f1, f2, scaleLabel, table } from './report-format';
import type { BenchResults } from './results';

/** What the HTTP pending page does beyond its floor, read from the code (docs/performance.md explains the gap with it). */
const BEYOND_FLOOR = `Both sides make the same one Query (\`listPending\`: gsi1, the grid's pending partition — the same
size at every scale, ~500 persons a grid — filtered to health reports, Limit 20) through the app's client. Over
HTTP the page also goes through the local API Gateway stand-in, the token's verification (jose, no read), zod
validation of the path and query, the access-version check (one GetItem per user per 30 s per container, not
one per page: lib/auth/access-version.ts), the grid-scope check against the token's scopes, the zod parse of the
20 items for the answer and its JSON. None of these reads more or works longer as the table grows: the
capacity table shows the same one Query and 2 RCU at each scale, and no cursor is decoded on a first page.`;

export function renderPendingGrowth(r: BenchResults): string {
  const rows = r.scales.filter((s) => s.scenarios.pendingPage);
  if (rows.length < 2) return '';
  const cpu = (c: { javaMs: number; nodeMs: number } | undefined) =>
    c ? `${f2(c.javaMs)} / ${f2(c.nodeMs)}` : '–';
  const rounds = rows[0]!.scenarios.pendingPage!.rounds?.length ?? 0;
  const first = rows[0]!.scenarios.pendingPage!;
  const last = rows.at(-1)!.scenarios.pendingPage!;
  const added = (p: typeof first) => p.http.p50Ms - p.floor.p50Ms;
  const method =
    rounds > 1
      ? `Measured in ${rounds} alternating rounds at each scale (HTTP, then its floor, each ${f1(Math.max(1, (2 * r.options.durationS) / rounds))} s, ` +
        'after one unrecorded round of each to warm both JITs): p50 and p99 are the rounds’ medians, CPU is pooled. ' +
        'The growth target compares the two sides’ medians, sampled over the same stretch of the machine’s time ' +
        '(test/bench/paired-rounds.ts); each round’s own HTTP ÷ floor p50 shows how far one round can move it. '
      : 'One run of each side at each scale. ';
  return (
    '\n\n#### The pending page across scales, in this run\n\n' +
    method +
    'CPU ms per page: DynamoDB Local’s JVM / this Node process (load generator, API and handlers for HTTP; ' +
    'only the client for the floor), from /proc around each measurement. The HTTP path shares the two cores ' +
    'with the JVM, so what the JVM spends more per page at a larger scale also delays the Node side.\n\n' +
    table(
      [
        'persons',
        'HTTP p50 / p99 ms',
        'floor p50 / p99 ms',
        'HTTP − floor p50 ms',
        'HTTP ÷ floor p50 by round (median)',
        'RCU per page',
        'CPU ms per page, HTTP: java / node',
        'floor: java / node',
      ],
      rows.map((s) => {
        const p = s.scenarios.pendingPage!;
        const c = s.capacity.pendingPage;
        const by = overFloor(p);
        return [
          scaleLabel(s.persons),
          `${f1(p.http.p50Ms)} / ${f1(p.http.p99Ms)}`,
          `${f1(p.floor.p50Ms)} / ${f1(p.floor.p99Ms)}`,
          f1(added(p)),
          by.length > 1 ? `${by.map(f2).join(', ')} (${f2(median(by))})` : f2(by[0] ?? Number.NaN),
          c ? f1(c.tableRead + c.indexRead) : '–',
          cpu(p.http.cpu),
          cpu(p.floor.cpu),
        ];
      }),
    ) +
    `\n\nWhat the page adds over its floor: ${f1(added(first))} ms at ${scaleLabel(rows[0]!.persons)}, ` +
    `${f1(added(last))} ms at ${scaleLabel(rows.at(-1)!.persons)}; the floor itself went ${f1(first.floor.p50Ms)} → ` +
    `${f1(last.floor.p50Ms)} ms. ${BEYOND_FLOOR}`
  );
}
