/** The page's sections on the morning peak's mixed workload and on Dongying's bill. */
import { computeBill } from './bill';
import { DONGYING, type MixKind } from './dongying';
import type { KindStats } from './mix';
import { renderCnyInUsd, renderPriceTable } from './price-table';
import { allSourced, PRICES } from './prices';
import { f0, f1, f2, SCENARIO_LABELS, scaleLabel, table } from './report-format';
import type { BenchResults } from './results';

const KINDS: MixKind[] = [
  'checkIn',
  'pendingPage',
  'verify',
  'dashboardStreet',
  'dashboardCity',
  'supplyCreate',
  'supplyAccept',
];
const LABELS: Record<string, string> = { ...SCENARIO_LABELS, verify: 'gridworker verification' };
const ms = (s: KindStats | undefined) => (s ? `${f1(s.p50Ms)} / ${f1(s.p99Ms)}` : '–');

export function renderMix(r: BenchResults): string {
  const s = r.scales.find((x) => x.mix);
  if (!s?.mix) return '';
  const m = s.mix;
  const d = DONGYING;
  const parts: string[] = [];
  parts.push(
    `\n\n### The morning peak as one mixed workload, at ${scaleLabel(s.persons)} persons\n\n` +
      `Dongying's proportions (test/bench/dongying.ts) scaled to ${scaleLabel(s.persons)} residents: ${f0(d.residents)} residents ` +
      `reporting twice a day, ${f0(d.morningShareInWindow * 100)} % of the morning's reports in a ${d.morningWindowHours}-hour window; ` +
      `${f0(d.gridworkers)} gridworkers refreshing their pending list every ${d.pendingRefreshSeconds} s and verifying ` +
      `${f0(d.verifiedInWindow * 100)} % of the window's reports in it; ${d.centres} centres' dashboards every ` +
      `${d.dashboardRefreshSeconds} s; one quarantined household in ${d.quarantineOneIn} ordering supplies once a day. ` +
      `${m.connections} closed loops take the kinds in those proportions for ${m.durationS} s; the peak rate column is ` +
      'what Dongying needs at this scale, headroom is the measured rate over it. The floor runs the same mix of the ' +
      'app’s DynamoDB calls straight through its client. Supply traffic is about 0.1 % of the mix: a few requests, ' +
      'so its p99 is one sample.\n\n',
  );
  parts.push(
    table(
      [
        'kind',
        'peak need /s',
        'HTTP /s',
        'p50 / p99 ms',
        'non-2xx',
        'headroom',
        'floor /s',
        'floor p50 / p99 ms',
        'HTTP / floor',
        'readers running: /s',
        'p50 / p99 ms',
      ],
      KINDS.filter((k) => m.http[k] || m.floor[k]).map((k) => {
        const h = m.http[k];
        const f = m.floor[k];
        const run = m.pipeline.http[k];
        return [
          LABELS[k] ?? k,
          f2(m.peak[k]),
          f1(h?.perSecond ?? Number.NaN),
          ms(h),
          f0(h?.failures ?? 0),
          h ? `${f1(h.perSecond / m.peak[k])}×` : '–',
          f1(f?.perSecond ?? Number.NaN),
          ms(f),
          h && f ? f2(h.perSecond / f.perSecond) : '–',
          f1(run?.perSecond ?? Number.NaN),
          ms(run),
        ];
      }),
    ),
  );
  const p = m.pipeline;
  const lag = p.lagMs.checkinToCounters;
  parts.push(
    `\n\n**The table stream under the mix.** Writes (check-ins, verifications, supply) during the paused run: ${f0(p.writes)} at ` +
      `${f1(p.writeRate)}/s; the readers then worked through that backlog at ${f1(p.consumeRate)}/s: consumer ÷ write ` +
      `throughput **${f2(p.ratio)}** (${p.ratio >= 1 ? 'keeps up' : '**falls behind**'}). With the readers running ` +
      `(run 3, one check-in in ten a fever): check-in → counters p50 ${f0(lag.p50)} ms, p99 **${f0(lag.p99)} ms** ` +
      `(${lag.n} check-ins); fever → alert item p50 / p99 ${f0(p.lagMs.feverToAlert.p50)} / ${f0(p.lagMs.feverToAlert.p99)} ms.` +
      (m.notes.length > 0 ? ` Notes: ${m.notes.join('; ')}.` : ''),
  );
  return parts.join('');
}

export function renderBill(r: BenchResults): string {
  const s = r.scales.at(-1);
  if (!s) return '';
  const withPipeline = r.scales.filter((x) => x.pipeline).at(-1);
  const per100 = withPipeline?.pipeline?.invocationsPer100 ?? 0;
  const bills = computeBill(s, per100);
  const parts: string[] = [];
  parts.push(
    '\n\n### The bill: Dongying for a month\n\n' +
      `Computed by test/bench/bill.ts from this run's figures at ${scaleLabel(s.persons)}: capacity units per operation ` +
      '(the capacity table), the counting consumer’s units and time per check-in (city-wide spread), ' +
      `${f1(per100)} reader invocations per 100 check-ins${withPipeline ? ` (at ${scaleLabel(withPipeline.persons)})` : ''}, and each operation’s ` +
      'time alone over HTTP as its Lambda duration (an upper bound: it includes the local HTTP hop), 1 GB arm64 ' +
      'functions, an HTTP API. Outbreak month: 14 days of every resident reporting twice and every report ' +
      'verified, 16 quiet days; quiet month: 30 quiet days (no general reporting; a tenth of the outbreak’s ' +
      'quarantine reports and orders). Provisioned: each hour at its average rate ÷ 70 % target utilisation ' +
      '(auto scaling), at least 10 units; the report windows (07–09, 18–20) carry 80 % of an outbreak day. ' +
      'Storage: the loaded city scaled to 2 M plus half the month’s reports. Stream reads by the Lambda ' +
      'consumers are free. Not included: CloudWatch, data transfer, secrets, backups, the alert and ' +
      'quarantine consumers (their prices, where found, are listed below).\n\n',
  );
  parts.push(
    table(
      [
        'region',
        'month',
        'requests',
        'read / write units',
        'Lambda',
        'HTTP API',
        'storage',
        'DynamoDB on-demand',
        'DynamoDB provisioned',
        'total on-demand',
        'total provisioned',
        'per resident per month (on-demand / provisioned)',
      ],
      bills.map((b) => {
        const c = b.currency === 'USD' ? '$' : '¥';
        const money = (n: number) => `${c}${f0(n)}`;
        return [
          b.region +
            (PRICES.some((p) => p.region === b.region && allSourced(p)) ? '' : ' (some prices unverified)'),
          b.month,
          `${f1(b.requests / 1e6)} M`,
          `${f1(b.rru / 1e6)} M / ${f1(b.wru / 1e6)} M`,
          money(b.lambda),
          money(b.api),
          money(b.storage),
          money(b.dynamoOnDemand),
          money(b.dynamoProvisioned),
          `**${money(b.totalOnDemand)}**`,
          `**${money(b.totalProvisioned)}**`,
          `${c}${b.perResidentOnDemand.toPrecision(2)} / ${c}${b.perResidentProvisioned.toPrecision(2)}`,
        ];
      }),
    ),
  );
  parts.push(renderCnyInUsd(bills), renderPriceTable());
  return parts.join('');
}
