/** The bench's verdict on each target, and why a missed one is missed. */
import { bundleVerdict } from './bundles-report';
import { growth } from './paired-rounds';
import { f0, f1, f2, kb, READ_SCENARIOS, SCENARIO_LABELS, scaleLabel } from './report-format';
import type { BenchResults } from './results';

export interface Verdict {
  target: string;
  met: boolean | null;
  figure: string;
}

export function verdicts(r: BenchResults): Verdict[] {
  const out: Verdict[] = [];
  const largest = r.scales.at(-1);
  const smallest = r.scales[0];
  for (const s of r.scales) {
    const c = s.scenarios.checkIn;
    if (c) {
      out.push({
        target: `check-in throughput ≥ 0.5 × raw write floor (${scaleLabel(s.persons)})`,
        met: c.ratio >= 0.5,
        figure: `${f2(c.ratio)} × (${f0(c.http.perSecond)} vs ${f0(c.floor.perSecond)} /s)`,
      });
    }
  }
  if (largest) {
    const ci = largest.capacity.checkIn;
    if (ci) {
      const w = ci.tableWrite + ci.indexWrite;
      out.push({
        target: '≤ 2 write units per check-in on the request path',
        met: w <= 2,
        figure: `${f1(w)} WCU (table ${f1(ci.tableWrite)} + gsi ${f1(ci.indexWrite)})`,
      });
    }
    const pp = largest.capacity.pendingPage;
    if (pp) {
      const rd = pp.tableRead + pp.indexRead;
      out.push({ target: '≤ 3 read units per pending page of 20', met: rd <= 3, figure: `${f1(rd)} RCU` });
    }
  }
  const views = largest
    ? (['dashboardStreet', 'dashboardCity'] as const).filter((n) => largest.capacity[n])
    : [];
  if (views.length === 0) {
    out.push({
      target: '≤ 2 reads per dashboard view (street, city)',
      met: null,
      figure: 'not yet: the centre dashboard is issue 6',
    });
  }
  for (const n of views) {
    const c = largest!.capacity[n]!;
    const reads = (c.commands.GetItem ?? 0) + (c.commands.Query ?? 0) + (c.commands.BatchGetItem ?? 0);
    out.push({
      target: `≤ 2 reads per dashboard view: ${SCENARIO_LABELS[n]}`,
      met: reads <= 2,
      figure: `${reads} read calls, ${f1(c.tableRead + c.indexRead)} RCU`,
    });
  }
  if (largest && smallest && largest !== smallest) {
    for (const name of READ_SCENARIOS) {
      const a = smallest.scenarios[name];
      const b = largest.scenarios[name];
      if (!a || !b) continue;
      // The app's growth against DynamoDB Local's own (its floor's), measured side by side (issue 20):
      // with rounds, the median HTTP ÷ floor p50 of alternating rounds at each scale (paired-rounds.ts).
      const g = growth(a, b);
      const paired = g.rounds[0] > 1 && g.rounds[1] > 1;
      out.push({
        target: `p50 growth ${scaleLabel(smallest.persons)} → ${scaleLabel(largest.persons)} ≤ 1.1 × the floor's growth: ${SCENARIO_LABELS[name]}`,
        met: g.gap <= 1.1,
        figure: paired
          ? `${f2(g.gap)} × the floor's growth (rounds' spread ${f2(g.low)}–${f2(g.high)}${g.gap > 1.1 && g.low <= 1.1 ? ', a miss within it' : ''}): p50 ${f1(a.http.p50Ms)} → ${f1(b.http.p50Ms)} ms (${f2(g.app)}), floor ${f1(a.floor.p50Ms)} → ${f1(b.floor.p50Ms)} ms (${f2(g.floor)}), medians of ${g.rounds[0]} and ${g.rounds[1]} alternating rounds; each round's HTTP ÷ floor p50, median ${f2(g.small)} → ${f2(g.large)}`
          : `${f2(g.app)} vs floor ${f2(g.floor)} (${f1(a.http.p50Ms)} → ${f1(b.http.p50Ms)} ms; one run each, not paired)`,
      });
    }
  }
  if (largest) {
    for (const c of largest.counters) {
      // Judged per key — the hot spot coalescing exists to prevent: no region's counters written more
      // than 10 times per 100 events. All writes at a level are shown beside it (a level's distinct
      // keys each need their write: 100 events on 78 grids write 78 grid keys).
      const hot = c.maxPerKeyByLevel ?? c.byLevel;
      out.push({
        target: `≤ 10 counter writes per 100 stream events per level touched, to any one key (${c.spread})`,
        met: Object.entries(hot).every(
          ([level, n]) => level === 'event markers' || level.startsWith('other') || n <= 10,
        ),
        figure: `most written key: ${Object.entries(hot)
          .filter(([k]) => k !== 'event markers' && !k.startsWith('other'))
          .map(([k, v]) => `${k} ${f0(v)}`)
          .join(', ')}; all writes: ${Object.entries(c.byLevel)
          .map(([k, v]) => `${k} ${f1(v)}`)
          .join(', ')}`,
      });
    }
  }
  const bundles = bundleVerdict(r.bundles);
  if (bundles) out.push(bundles);
  out.push(
    r.miniprogram.built
      ? {
          target: 'mini program main package ≤ 1 MB',
          met: r.miniprogram.mainBytes <= 1024 * 1024,
          figure: kb(r.miniprogram.mainBytes),
        }
      : {
          target: 'mini program main package ≤ 1 MB',
          met: null,
          figure: 'not built (miniprogram/dist missing)',
        },
  );
  return out;
}

/** Why a missed target is missed, from the code paths its figure measures. */
const WHY: Array<{ match: RegExp; text: string }> = [
  {
    match: /^check-in throughput/,
    text: `**Check-in throughput against the write floor.** The floor is the app's one conditional
PutItem; the request path adds a GetItem of the person (scope check and the masked snapshot copied
into the report), a read of the resident's privacy consent (remembered per container after the first
yes), JWT verification, zod validation of body, params and headers, middy and Powertools, and the
HTTP round trip — on the one Node core that also runs autocannon (the stream consumers are paused
during write scenarios, as in Lambda they run apart). Two DynamoDB calls against one put the ratio
near 0.5 by construction where DynamoDB Local is the bottleneck. In reach: nothing cheap on the
request path (the GetItem is the authorization).`,
  },
  {
    match: /^p50 growth/,
    text: `**p50 across scales.** Each read scenario is a key-bounded Query or BatchGet (the
capacity table shows the calls and units do not grow with the city), so no route does
population-sized work; what grows is DynamoDB Local (SQLite's B-trees deepen, its page cache covers
less of the table). A scenario measured in rounds is judged on the medians of its alternating HTTP and floor
rounds at each scale, both sides sampled over the same stretch of this shared 2-core machine's time
(a single 10 s run's p50 swings by tens of percent); the spread shown is the same verdict from each
round's own HTTP ÷ floor p50, the least and the most favourable pairing. A miss whose spread reaches
below 1.10 is within the machine's noise; one whose whole spread lies above is the app's. For the pending page see "The pending page across scales" above: what it
adds over its floor, measured and read from the code. Issue 20's 1.34 (pending page p50, 1M ÷ 10k)
against the floor's 1.13 compared 10k and 1M from two runs (2026-11-28 at load 2.3, 1M appended later
at load 0.6); in one run (2026-12-03 18:53 UTC, one 10 s run each) the page went 29 → 60 ms (2.07×)
while its floor went 15.0 → 45.1 ms (3.02×): the page's own time over the floor, 14.0 → 14.9 ms.`,
  },
  {
    match: /^module load/,
    text: `**Module load.** Functions and floor are built as infra/ deploys them (infra/lib/bundle.ts: the
AWS SDK bundled, code split). Until 2026-12-03 the bench built them with \`@aws-sdk/*\` external while
infra bundled the SDK: its floor then spent ~130 ms resolving the SDK from node_modules, which made every
ratio look like 1.1–1.6×. Measured as deployed, the floor is 35–40 ms of CPU, and every function adds zod
(~8 ms to import), Powertools Logger, middy, its validated configuration (~130 schema nodes), jose and its
own handlers. The *stack floor* row is that common part: 1.37–1.45× in quiet runs (a loaded run can put
it above functions that contain it, as in the table above: read the column as ±0.2). Two changes cut the
rest: code splitting keeps exceljs, pdf-lib with the font reader, the KMS client and the SDK's lazily
loaded credential providers out of the cold start (reports-read read 1,365 KB at load before, ~430 KB now);
and object schemas declared with \`z.lazy\` are built on first parse (zod 4 spends ~15 µs of CPU per
schema node at declaration, and the heaviest functions built ~2,400 nodes at load): the worst function
went from 2.52× to about 2.0× the floor, the heaviest gained 15–20 ms. What stays above 1.5× is the stack's
own share plus 5–25 ms of each function's code: meeting 1.5× against a DocumentClient-only floor needs a
lighter validator on the cold path (zod/mini, or validators compiled at build time), not done.`,
  },
  {
    match: /counter writes/,
    text: `**Counter writes.** statsCounter coalesces deltas per stats item and counts in two steps
(docs/architecture.md, "Live statistics"): markers and journals in one transaction, then each
journal applied. The grid and community levels are written once per distinct grid (or community)
per step-1 transaction — inherent to per-grid counters: 100 events spread over 78 grids touch 78
grid items, so ≤ 10 there holds only when the events come from a few grids. Each event also writes
one marker item (\`STATEV#\`, its exactly-once guard), listed apart.`,
  },
  {
    match: /write units per check-in|read units per pending|reads per dashboard/,
    text: `**Capacity.** See the capacity table: the figure is what DynamoDB Local reported for the
app's own calls (median of 7).`,
  },
];

export function missedNotes(r: BenchResults): string {
  const missed = verdicts(r).filter((v) => v.met === false);
  const skipped = r.skipped.map((k) => `- ${scaleLabel(k.persons)} persons: ${k.reason}.`);
  const parts = ['## Where targets are missed, and why', ''];
  if (missed.length === 0) parts.push('Every measured target is met in this run.');
  for (const v of missed) parts.push(`- ${v.target}: ${v.figure}.`);
  const reasons = WHY.filter((w) => missed.some((v) => w.match.test(v.target)));
  for (const w of reasons) parts.push('', w.text);
  if (skipped.length > 0)
    parts.push('', '## Scales not measured', '', ...skipped, '', 'Nothing is extrapolated to them.');
  return parts.join('\n');
}
