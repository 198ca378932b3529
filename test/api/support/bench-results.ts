/** A bench run's results (test/bench/results.ts) for the tests of the bench's report: no bundles, no mini program build. */
import type { BenchResults } from '../../bench/results';

export function benchResults(extra: Partial<BenchResults> = {}): BenchResults {
  return {
    date: '2026-12-03T19:00:00.000Z',
    machine: {
      cpus: 2,
      cpuModel: 'test',
      memoryGb: 1,
      node: 'v20',
      loadAverageAtStart: [1, 1, 1],
      dynamodbLocal: 'test',
    },
    options: { scales: [], durationS: 10, connections: 16, maxLoadSeconds: 1, loadRuns: 1 },
    scales: [],
    skipped: [],
    bundles: [],
    miniprogram: { built: false, mainBytes: 0, totalBytes: 0, subpackages: {} },
    ...extra,
  };
}
