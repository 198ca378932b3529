/**
 * Business metrics in CloudWatch (Embedded Metric Format through Powertools Metrics): check-ins,
 * fevers and alerts raised, per city and per district. Emitted from one place, the stats stream
 * consumer (contexts/hierarchy/handlers/stats-counter.ts), for the events it counts the first time,
 * so a redelivered batch is not counted twice. Streets, villages and grids are left to the stats
 * items (GET /v1/stats): a CloudWatch metric per village would cost more than it tells.
 */
import { Metrics, MetricUnit } from '@aws-lambda-powertools/metrics';
import { cityOf, countyOf, type FlowMetric, levelOf, type RegionLevel } from '@grid/shared';

/** The CloudWatch namespace of the platform's business metrics. */
export const BUSINESS_NAMESPACE = 'GridPlatform';

/** The counted flows that become a CloudWatch metric, by the name it has there. */
const METRIC_NAMES: Partial<Record<FlowMetric, string>> = {
  healthReports: 'CheckIns',
  fevers: 'Fevers',
  alertsRaised: 'AlertsRaised',
};

/** The levels a metric is published at, each as a `regionLevel` and `region` dimension pair. */
const LEVELS: ReadonlyArray<[RegionLevel, (grid: string) => string]> = [
  ['city', cityOf],
  ['county', countyOf],
];

/** One counted change of a grid's figures (the stats consumer's grid deltas). */
export interface BusinessDelta {
  grid: string;
  metric: string;
  delta: number;
}

let shared: Metrics | undefined;
const businessMetrics = () =>
  (shared ??= new Metrics({ namespace: BUSINESS_NAMESPACE, serviceName: 'stats' }));

/**
 * Sums the deltas per level and region and writes one EMF record per region (stdout, which
 * CloudWatch Logs turns into metrics). Gauges, decrements and unknown grids are left out.
 */
export function publishBusinessMetrics(
  deltas: readonly BusinessDelta[],
  metrics: Metrics = businessMetrics(),
): void {
  const totals = new Map<string, { level: RegionLevel; region: string; values: Map<string, number> }>();
  for (const d of deltas) {
    const name = METRIC_NAMES[d.metric as FlowMetric];
    if (name === undefined || d.delta <= 0 || levelOf(d.grid) !== 'grid') continue;
    for (const [level, regionOf] of LEVELS) {
      const region = regionOf(d.grid);
      const key = `${level}|${region}`;
      const entry = totals.get(key) ?? { level, region, values: new Map<string, number>() };
      entry.values.set(name, (entry.values.get(name) ?? 0) + d.delta);
      totals.set(key, entry);
    }
  }
  for (const { level, region, values } of totals.values()) {
    metrics.addDimensions({ regionLevel: level, region });
    for (const [name, value] of values) metrics.addMetric(name, MetricUnit.Count, value);
    metrics.publishStoredMetrics();
  }
}
