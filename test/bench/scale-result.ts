/** What one scale's run (scale-run.ts, in its own process) writes for run.ts to collect. */
import type { Capacity } from './capacity';
import type { CityFacts, CityPlan } from './city';
import type { LoadResult } from './city-load';
import type { CounterWrites } from './counters';
import type { CrossMatchBenchResult } from './cross-match';
import type { ScenarioResult } from './load';
import type { MixResult } from './mix';
import type { PipelineResult } from './pipeline';

export type { CounterWrites, ScenarioResult };

export interface ScaleResult {
  persons: number;
  plan: CityPlan;
  counts: CityFacts['counts'];
  load: LoadResult;
  scenarios: Record<string, ScenarioResult>;
  capacity: Record<string, Capacity>;
  counters: CounterWrites[];
  /** Per operation, the median time of one request alone over HTTP (the capacity samples), ms. */
  durationsMs?: Record<string, number>;
  /** The cross-match of a generated list through the API (issue 7), at the scale it was asked for. */
  crossMatch?: CrossMatchBenchResult;
  /** The table stream's pipeline under the check-in load (issue 17). */
  pipeline?: PipelineResult;
  /** The morning peak's mixed workload (issue 20), at the scale it was asked for. */
  mix?: MixResult;
  notes: string[];
}
