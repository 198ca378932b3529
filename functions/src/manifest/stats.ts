/** Live statistics: coalesced counters per grid and region, read by the centre dashboard. */
import {
  childrenStatsSchema,
  regionStatsSchema,
  statsParamsSchema,
  statsQuerySchema,
  trendQuerySchema,
  trendSchema,
} from '@grid/shared';
import { route, STAFF } from './route';
import type { ScheduleDefinition, StreamConsumerDefinition } from './types';

export const statsRoutes = {
  getRegionStats: route({
    operationId: 'getRegionStats',
    method: 'GET',
    path: '/v1/stats/{code}',
    handler: 'stats/get-region-stats',
    auth: { roles: STAFF },
    table: 'read',
    summary:
      'A city, district, street, community or grid: the day’s counts, levels now and coverage (one read)',
    tags: ['stats'],
    request: { params: statsParamsSchema, query: statsQuerySchema },
    responses: { 200: regionStatsSchema },
  }),
  getRegionTrend: route({
    operationId: 'getRegionTrend',
    method: 'GET',
    path: '/v1/stats/{code}/trend',
    handler: 'stats/get-region-trend',
    auth: { roles: STAFF },
    table: 'read',
    summary: 'Day counts of the last N days (14 by default), one query',
    tags: ['stats'],
    request: { params: statsParamsSchema, query: trendQuerySchema },
    responses: { 200: trendSchema },
  }),
  getRegionChildrenStats: route({
    operationId: 'getRegionChildrenStats',
    method: 'GET',
    path: '/v1/stats/{code}/children',
    handler: 'stats/get-region-children-stats',
    auth: { roles: STAFF },
    table: 'read',
    summary: 'The drill-down: each child region (or grid) with its figures',
    tags: ['stats'],
    request: { params: statsParamsSchema, query: statsQuerySchema },
    responses: { 200: childrenStatsSchema },
  }),
} as const;

export const statsStreamConsumers: StreamConsumerDefinition[] = [
  {
    name: 'statsCounter',
    handler: 'streams/stats-counter',
    reader: 'streamEvents',
    handles: [
      { types: ['HEALTH_REPORT', 'TRAVEL_DECLARATION'], events: ['INSERT', 'MODIFY', 'REMOVE'] },
      { types: ['QUARANTINE', 'ALERT', 'SUPPLY_REQUEST', 'HOUSEHOLD'], events: ['INSERT', 'MODIFY'] },
      // A journal a crashed invocation left unapplied.
      { types: ['SCREENED_DAY', 'STATS_JOURNAL'], events: ['INSERT'] },
    ],
    table: 'readwrite',
    description:
      'Per-day and current counters at grid, community, street, district and city; coalesced, counted once',
  },
];

export const statsSchedules: ScheduleDefinition[] = [
  {
    name: 'reconcileStats',
    handler: 'schedules/reconcile-stats',
    everyMinutes: 60,
    table: 'readwrite',
    description: 'Recounts every grid’s current levels from the base records and repairs drift',
  },
  {
    name: 'reconcileStatsDay',
    handler: 'schedules/reconcile-stats-day',
    everyMinutes: 1440,
    table: 'readwrite',
    scansTable: true,
    description:
      'Nightly: recounts yesterday’s day counts from the base records (parallel scan) and repairs drift',
  },
];
