/** The deployed functions' module load: its table on the performance page and its verdict. */
import type { BundleFigure } from './bundles';
import { f1, f2, kb, table } from './report-format';

export const MODULE_LOAD_TARGET = 1.5;

const METHOD = `Each function is bundled with the options infra/ deploys it with (infra/lib/bundle.ts: ESM with code
splitting, the AWS SDK bundled) and loaded in a fresh \`node\` process; the floor is a bundle built the same way
that only creates a DynamoDB DocumentClient. The *stack floor* adds what every handler of this stack loads before
its own code (Powertools Logger, middy, the zod-validated configuration): its ratio is the part of every function's
ratio that no function can shed without leaving the stack. *Cold start reads* is index.mjs plus the chunks it imports
statically; *all chunks* adds those only a dynamic \`import()\` loads (exceljs, pdf-lib and the font's code, the
KMS client, the SDK's lazily loaded credential providers). CPU ms is the process's user + system time for the
load, all threads; the ratio is taken on it, since wall time on a shared machine mostly measures the other work.`;

export function renderBundles(bundles: readonly BundleFigure[]): string {
  if (bundles.length === 0) return '';
  const rows = bundles.map((b) => [
    b.name,
    b.kind,
    b.routes ? String(b.routes.length) : '–',
    kb(b.bytes),
    kb(b.gzipBytes),
    b.totalBytes === undefined ? '–' : kb(b.totalBytes),
    b.error ? `error: ${b.error}` : f1(b.loadMedianMs),
    b.loadCpuMedianMs === undefined ? '–' : f1(b.loadCpuMedianMs),
    f2(b.loadRatio),
  ]);
  return (
    '\n\n### Deployed functions: bundle size and module load (fresh node process, median)\n\n' +
    `${METHOD}\n\n` +
    table(
      [
        'function',
        'kind',
        'routes',
        'cold start reads',
        'gzip',
        'all chunks',
        'load ms (wall)',
        'load CPU ms',
        '× floor (CPU)',
      ],
      rows,
    )
  );
}

export function bundleVerdict(
  bundles: readonly BundleFigure[],
): { target: string; met: boolean; figure: string } | undefined {
  const fns = bundles.filter((b) => b.kind !== 'floor');
  if (fns.length === 0) return undefined;
  const worst = fns.reduce((a, b) => (b.loadRatio > a.loadRatio ? b : a), fns[0]!);
  const over = fns.filter((b) => !(b.loadRatio <= MODULE_LOAD_TARGET));
  const median = [...fns].sort((a, b) => a.loadRatio - b.loadRatio)[Math.floor(fns.length / 2)]!;
  return {
    target: `module load ≤ ${MODULE_LOAD_TARGET} × the floor bundle, every function`,
    met: over.length === 0,
    figure: `${over.length} of ${fns.length} over; worst ${worst.name} ${f2(worst.loadRatio)} ×, median ${f2(median.loadRatio)} ×`,
  };
}
