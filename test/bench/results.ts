/** The shape of test/bench/results/<date>.json: one `npm run bench` run. */
import type { BundleFigure, MiniProgramSize } from './bundles';
import type { LoadComparisonRow } from './load-compare';
import type { PassBenchFigures } from './passes-report';
import type { ScaleResult } from './scale-result';

export interface BenchResults {
  date: string;
  machine: {
    cpus: number;
    cpuModel: string;
    memoryGb: number;
    node: string;
    loadAverageAtStart: number[];
    dynamodbLocal: string;
  };
  options: {
    scales: number[];
    durationS: number;
    connections: number;
    maxLoadSeconds: number;
    loadRuns: number;
    /** Alternating HTTP/floor rounds of each read scenario (absent: one run each, before 2026-12-03 evening). */
    readRounds?: number;
  };
  scales: ScaleResult[];
  skipped: { persons: number; reason: string }[];
  bundles: BundleFigure[];
  miniprogram: MiniProgramSize;
  /** Set when the mini program was not built during the run and was measured when re-rendering. */
  miniprogramMeasuredLater?: string;
  /** Scales run later on their own and added to this run's results (`--append`), e.g. 1M persons. */
  appended?: Array<{ date: string; persons: number[]; loadAverageAtStart: number[] }>;
  /** The city loaded both ways at one size (load-compare.ts). */
  loadComparison?: LoadComparisonRow[];
  /** The health pass figures (issue 19): QR payload, verify time, issue over HTTP against its floor. */
  passes?: PassBenchFigures;
}
