/**
 * The health pass figures in `npm run bench` (issue 19): passes.ts measures the QR payload and the
 * verify time, the page renders them from the results, and a page re-rendered from a run that
 * measured them no longer carries the hand-kept section (one that did not, keeps it).
 */
import { describe, expect, it } from 'vitest';
import { measurePassPayload } from '../bench/passes';
import type { PassIssueFigures } from '../bench/passes-report';
import { keptSections, renderDoc, renderTables } from '../bench/report';
import type { BenchResults } from '../bench/results';
import { benchResults } from './support/bench-results';

const results = (passes: BenchResults['passes']): BenchResults => benchResults(passes ? { passes } : {});

const issue: PassIssueFigures = {
  at: '2026-12-03T19:01:00.000Z',
  loadAverage: [1.5, 1, 1],
  cpus: 2,
  connections: 16,
  http: { passes: 225, perSecond: 40.4, p50Ms: 350, p99Ms: 900 },
  floor: { passes: 225, perSecond: 50.5 },
  ratio: 0.8,
};

const handKept =
  '# Performance\n\nGenerated.\n\n## Health pass (issue 19)\n\nMeasured by hand.\n\n## Other figures\n\nkept.\n';

describe('health pass figures in the bench', () => {
  it('measures the QR payload and the verify time of real passes', async () => {
    const p = await measurePassPayload(50);
    expect(p.sizes.map((s) => s.maskedName)).toEqual(['王*', '王*国', '欧阳**锋']);
    for (const s of p.sizes) {
      // A base45 text of a COSE_Sign1 a little over 130 bytes: 3 characters per 2 bytes, plus the prefix.
      expect(s.qrChars).toBeGreaterThan(1.5 * s.coseBytes);
      expect(s.qrSize).toBe(17 + 4 * s.qrVersion);
    }
    expect(p.verify.runs).toBe(50);
    expect(p.verify.p50Ms).toBeGreaterThan(0);
    expect(p.verify.p99Ms).toBeGreaterThanOrEqual(p.verify.p50Ms);
    expect(p.verify.perSecond).toBeCloseTo(1000 / p.verify.p50Ms, 6);
  });

  it('renders its section from the results, and the page drops the hand-kept one only then', async () => {
    const payload = await measurePassPayload(20);
    const measured = results({ payload, issue });
    const tables = renderTables(measured);
    expect(tables).toContain('### Health pass (issue 19)');
    expect(tables).toContain(`| 王*国 | ${payload.sizes[1]!.coseBytes} | ${payload.sizes[1]!.qrChars} |`);
    expect(tables).toContain(
      '| 1.5 (19:01 UTC) | 40 passes/s (p50 350 ms, p99 900 ms) | 51 passes/s | 0.80 |',
    );
    // Below 0.9 the page says what the HTTP layer costs instead of "adds little".
    expect(tables).toContain('costs 20 % of the rate here');
    const page = renderDoc(measured, tables, handKept);
    expect(page).not.toContain('Measured by hand.');
    expect(page).toContain('## Other figures');

    const without = results(undefined);
    expect(renderTables(without)).not.toContain('Health pass');
    expect(renderDoc(without, renderTables(without), handKept)).toContain('Measured by hand.');
    expect(keptSections(handKept, false)).toContain('## Health pass');
    expect(keptSections(handKept, true)).not.toContain('## Health pass');
  });
});
