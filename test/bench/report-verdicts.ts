/** The bench's verdict on each target, and why a missed one is missed. */
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
      // The app's growth against DynamoDB Local's own (its floor's), measured side by side (issue 20).
      const ratio = b.http.p50Ms / a.http.p50Ms;
      const floor = b.floor.p50Ms / a.floor.p50Ms;
      out.push({
        target: `p50 growth ${scaleLabel(smallest.persons)} → ${scaleLabel(largest.persons)} ≤ 1.1 × the floor's growth: ${SCENARIO_LABELS[name]}`,
        met: ratio <= 1.1 * floor,
        figure: `${f2(ratio)} vs floor ${f2(floor)} (${f1(a.http.p50Ms)} → ${f1(b.http.p50Ms)} ms)`,
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
  if (r.bundles.length > 0) {
    const fns = r.bundles.filter((b) => b.kind !== 'floor');
    const worst = fns.reduce((a, b) => (b.loadRatio > a.loadRatio ? b : a), fns[0]!);
    const over = fns.filter((b) => !(b.loadRatio <= 1.5)).length;
    out.push({
      target: 'module load ≤ 1.5 × the floor bundle, every function',
      met: over === 0,
      figure: `${over} of ${fns.length} over; worst ${worst.name} ${f2(worst.loadRatio)} ×`,
    });
  }
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
population-sized work. What grows is DynamoDB Local: SQLite's B-trees deepen and its page cache
covers less of the table. See "The pending page across scales" above for the CPU each page costs
both processes at each scale, measured in the same run: the units (2 RCU, 20 items) and the CPU per
page do not grow with the city, so a growth gap between the app and its floor is the shared
machine's, not the route's. Single 10 s measurements on this 2-core machine, shared with other
sessions' tests, swing by tens of percent from one scenario to the next (a read scenario's p50 can
fall from 10k to 100k, as the pending page's did on 2026-12-03: 67 → 48 ms beside its floor's
23.7 → 35.3 ms). The 1.34 (pending page p50, 1M ÷ 10k) against the floor's 1.13 that issue 20 quotes
compared scales from two runs (10k in the 2026-11-28 17:40 run at load 2.3, 1M appended from a
later run at load 0.6). 1M was not run on 2026-12-03: with the bulk load it is a ~15 min job
(command above).`,
  },
  {
    match: /^module load/,
    text: `**Module load.** The floor only imports the DocumentClient (its time is mostly
\`@aws-sdk/client-dynamodb\` loading from node_modules, as in Lambda's runtime). What a function adds
on top: zod (~100 KB once imported as \`import * as z\`, so unused parts and locales are shaken out;
\`import { z }\` kept all 454 KB), its manifest area's schemas, Powertools, middy and jose. Functions
serving the cross-match import and the daily report also carry exceljs (loaded lazily with
\`import()\`, but still inside the one-file bundle, so parsed at load). Figures taken while the
machine is busy vary by tens of percent: rerun before acting on a single function just over 1.5.`,
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
