/** The bill's price table on the page: every price with its unit, status, date and source (prices.ts). */
import type { MonthBill } from './bill';
import { billedPrices, CNY_PER_USD, PRICES, type Price } from './prices';
import { f0, table } from './report-format';

const cell = (s: string) => s.replaceAll('|', '\\|');

function row(region: string, label: string, x: Price): string[] {
  return [
    region,
    label,
    `${x.value}`,
    x.unit,
    x.status === 'checked' || x.status === 'secondary' ? x.status : `**${x.status}**`,
    cell(x.date),
    cell(x.source + (x.note ? ` — ${x.note}` : '')),
  ];
}

/** The China totals in USD at the stated rate, for comparison with the global region. */
export function renderCnyInUsd(bills: MonthBill[]): string {
  const cny = bills.filter((b) => b.currency === 'CNY');
  if (cny.length === 0) return '';
  const usd = (n: number) => `$${f0(n / CNY_PER_USD.value)}`;
  return (
    `\n\nIn USD at ¥${CNY_PER_USD.value} per dollar (${CNY_PER_USD.date}, ${CNY_PER_USD.source}): ` +
    cny
      .map(
        (b) =>
          `${b.region} ${b.month} month ≈ ${usd(b.totalOnDemand)} on-demand / ${usd(b.totalProvisioned)} provisioned`,
      )
      .join('; ') +
    '.'
  );
}

export function renderPriceTable(): string {
  const rows = PRICES.flatMap((p) => [
    ...billedPrices(p).map(([label, x]) => row(p.region, label, x)),
    ...Object.entries(p.notInBill).map(([key, x]) => row(p.region, `not in the bill: ${key}`, x)),
  ]);
  const unpriced = PRICES.filter((p) => p.unpricedNotInBill).map((p) => p.unpricedNotInBill);
  return (
    '\n\n#### Prices the bill is computed with\n\n' +
    'test/bench/prices.ts, one table to update. Looked up on 2026-12-03 in stored copies of public pages ' +
    'and repositories (no live fetch on this machine). Status: checked = read on AWS’s own page or copied ' +
    'from AWS’s price list; secondary = quoted by a dated third party; **derived** = computed by the rule ' +
    'given; **unverified** = no stored source, best estimate kept. A region whose billed prices are not all ' +
    'checked or secondary is marked in the bill above.\n\n' +
    table(['region', 'price', 'value', 'unit', 'status', 'date', 'source'], rows) +
    (unpriced.length > 0 ? `\n\nUnpriced: ${unpriced.join('; ')}.` : '')
  );
}
