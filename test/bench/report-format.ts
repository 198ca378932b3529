/** Number formats, labels and the markdown table shared by the bench's report modules. */
export const READ_SCENARIOS = ['pendingPage', 'quarantineBoard', 'dashboardStreet', 'dashboardCity'] as const;
export const SCENARIO_LABELS: Record<string, string> = {
  checkIn: 'resident check-in (POST health report)',
  pendingPage: 'gridworker pending page (20)',
  quarantineBoard: 'quarantine board',
  supplyCreate: 'supply request create',
  supplyAccept: 'supply request accept',
  login: 'sign-in (WeChat code)',
  dashboardStreet: 'centre dashboard, street level',
  dashboardCity: 'centre dashboard, city level',
};

export const f0 = (n: number) => (Number.isFinite(n) ? Math.round(n).toLocaleString('en-US') : '–');
export const f1 = (n: number) => (Number.isFinite(n) ? n.toFixed(1) : '–');
export const f2 = (n: number) => (Number.isFinite(n) ? n.toFixed(2) : '–');
export const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} KB`;
export const scaleLabel = (n: number) =>
  n >= 1_000_000 && n % 1_000_000 === 0
    ? `${n / 1_000_000}M`
    : n >= 1000 && n % 1000 === 0
      ? `${n / 1000}k`
      : String(n);

export function table(head: string[], rows: (string | number)[][]): string {
  const line = (cells: (string | number)[]) => `| ${cells.join(' | ')} |`;
  return [line(head), line(head.map(() => '---')), ...rows.map(line)].join('\n');
}
