import * as z from 'zod';
import { localDateSchema } from '../domain/time';
import { regionLevelSchema } from './hierarchy';

/** Counted per Shanghai day: what happened that day. */
export const FLOW_METRICS = [
  'healthReports',
  'fevers',
  'verified',
  'travelDeclarations',
  'riskFlagged',
  'quarantinesStarted',
  'quarantinesReleased',
  'bothChecksDone',
  'alertsRaised',
  'missedChecks',
  'supplyDelivered',
  'householdsScreened',
  // Village checkpoints (劝返站): see CHECKPOINT_FLOW_METRICS in ./checkpoints.
  'checkpointAdmitted',
  'checkpointVisitors',
  'checkpointTurnedBack',
  'checkpointVehiclesAdmitted',
  'checkpointVehiclesTurnedBack',
  'checkpointPassesGreen',
  'checkpointPassesYellow',
  'checkpointPassesRed',
] as const;
export type FlowMetric = (typeof FLOW_METRICS)[number];

/** Levels now: what stands open at this moment. */
export const GAUGE_METRICS = [
  'households',
  'pendingHealth',
  'pendingTravel',
  'quarantinedNow',
  'openAlerts',
  'supplyOpen',
] as const;
export type GaugeMetric = (typeof GAUGE_METRICS)[number];

const flowsSchema = z.object(
  Object.fromEntries(FLOW_METRICS.map((m) => [m, z.number().int()])) as Record<FlowMetric, z.ZodNumber>,
);
const gaugesSchema = z.object(
  Object.fromEntries(GAUGE_METRICS.map((m) => [m, z.number().int()])) as Record<GaugeMetric, z.ZodNumber>,
);
export type Flows = z.infer<typeof flowsSchema>;
export type Gauges = z.infer<typeof gaugesSchema>;

export const statsParamsSchema = z.lazy(() =>
  z.strictObject({
    code: z.string().regex(/^(\d{4}|\d{6}|\d{9}|\d{12}|\d{15})$/, 'REGION_CODE_INVALID'),
  }),
);
export const statsQuerySchema = z.lazy(() => z.strictObject({ date: localDateSchema.optional() }));
export const trendQuerySchema = z.lazy(() =>
  z.strictObject({
    days: z.coerce.number().int().min(1).max(62).default(14),
    to: localDateSchema.optional(),
  }),
);

export const regionStatsSchema = z.object({
  code: z.string(),
  date: z.string(),
  flows: flowsSchema,
  gauges: gaugesSchema,
  coverage: z.object({
    /** Households screened that day / households registered; null with no households. */
    screenedShare: z.number().nullable(),
    /** People with both checks done that day / people in quarantine; null with nobody in quarantine. */
    checksDoneShare: z.number().nullable(),
  }),
});
export type RegionStats = z.infer<typeof regionStatsSchema>;

export const trendSchema = z.lazy(() =>
  z.object({
    code: z.string(),
    days: z.array(z.object({ date: z.string(), flows: flowsSchema })),
  }),
);

export const childStatsSchema = regionStatsSchema.extend({ name: z.string(), level: regionLevelSchema });
export type ChildStats = z.infer<typeof childStatsSchema>;
export const childrenStatsSchema = z.lazy(() =>
  z.object({
    code: z.string(),
    date: z.string(),
    items: z.array(childStatsSchema),
  }),
);
