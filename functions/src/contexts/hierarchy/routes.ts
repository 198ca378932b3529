/** Regions, grids and staff assignment, and the statistics that roll up from grid to city. */
import {
  childrenStatsSchema,
  createGridRequestSchema,
  gridCoversRequestSchema,
  gridParamsSchema,
  gridSchema,
  gridStaffParamsSchema,
  gridStaffRequestSchema,
  gridStaffResponseSchema,
  importRegionsRequestSchema,
  importRegionsResponseSchema,
  regionChildrenSchema,
  regionClosureRequestSchema,
  regionClosureSchema,
  regionParamsSchema,
  regionStatsSchema,
  statsParamsSchema,
  statsQuerySchema,
  trendQuerySchema,
  trendSchema,
} from '@grid/shared';
import { CENTRES, route, STAFF } from '../../manifest/route';
import type { ScheduleDefinition, StreamConsumerDefinition } from '../../manifest/types';

export const hierarchyRoutes = {
  importRegions: route({
    operationId: 'importRegions',
    method: 'POST',
    path: '/v1/regions/import',
    handler: 'hierarchy/import-regions',
    auth: { roles: ['admin'] },
    table: 'readwrite',
    summary:
      'Import a city’s districts, streets and villages from the division codes kept in the repository (idempotent)',
    tags: ['regions'],
    request: { body: importRegionsRequestSchema },
    responses: { 200: importRegionsResponseSchema },
  }),
  listRegionChildren: route({
    operationId: 'listRegionChildren',
    method: 'GET',
    path: '/v1/regions/{code}/children',
    handler: 'hierarchy/list-region-children',
    auth: { roles: STAFF },
    table: 'read',
    summary:
      'A region’s direct children (down to grids) with today’s figures; above the caller’s scope only the way down to it, without figures',
    tags: ['regions'],
    request: { params: regionParamsSchema },
    responses: { 200: regionChildrenSchema },
  }),
  createGrid: route({
    operationId: 'createGrid',
    method: 'POST',
    path: '/v1/grids',
    handler: 'hierarchy/create-grid',
    auth: { roles: CENTRES },
    table: 'readwrite',
    summary:
      'Create a basic or dedicated grid under a village/community (sequence given or the next free one)',
    tags: ['regions'],
    request: { body: createGridRequestSchema },
    responses: { 201: gridSchema },
  }),
  setGridCovers: route({
    operationId: 'setGridCovers',
    method: 'PUT',
    path: '/v1/grids/{gridCode}/covers',
    handler: 'hierarchy/set-grid-covers',
    auth: { roles: CENTRES },
    table: 'readwrite',
    summary:
      'Replace what a grid covers (estates, buildings, streets): cross-match rows naming one route to it from the next chunk on',
    tags: ['regions'],
    request: { params: gridParamsSchema, body: gridCoversRequestSchema },
    responses: { 200: gridSchema },
  }),
  assignGridStaff: route({
    operationId: 'assignGridStaff',
    method: 'POST',
    path: '/v1/grids/{gridCode}/staff',
    handler: 'hierarchy/assign-grid-staff',
    auth: { roles: CENTRES },
    table: 'readwrite',
    summary: 'Assign a gridworker or volunteer to a grid (effective at their next sign-in)',
    tags: ['regions'],
    request: { params: gridParamsSchema, body: gridStaffRequestSchema },
    responses: { 200: gridStaffResponseSchema },
  }),
  unassignGridStaff: route({
    operationId: 'unassignGridStaff',
    method: 'DELETE',
    path: '/v1/grids/{gridCode}/staff/{userId}',
    handler: 'hierarchy/unassign-grid-staff',
    auth: { roles: CENTRES },
    table: 'readwrite',
    summary: 'Take a grid off a gridworker or volunteer',
    tags: ['regions'],
    request: { params: gridStaffParamsSchema },
    responses: { 200: gridStaffResponseSchema },
  }),
  closeRegionResponse: route({
    operationId: 'closeRegionResponse',
    method: 'POST',
    path: '/v1/regions/{code}/response-closure',
    handler: 'hierarchy/close-region-response',
    auth: { roles: CENTRES },
    table: 'readwrite',
    summary:
      'Close the epidemic response for a region in scope: its people’s health records are purged RETENTION_DAYS later (idempotent)',
    tags: ['regions'],
    request: { params: regionParamsSchema, body: regionClosureRequestSchema },
    responses: { 201: regionClosureSchema, 200: regionClosureSchema },
  }),
  getRegionStats: route({
    operationId: 'getRegionStats',
    method: 'GET',
    path: '/v1/stats/{code}',
    handler: 'hierarchy/get-region-stats',
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
    handler: 'hierarchy/get-region-trend',
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
    handler: 'hierarchy/get-region-children-stats',
    auth: { roles: STAFF },
    table: 'read',
    summary: 'The drill-down: each child region (or grid) with its figures',
    tags: ['stats'],
    request: { params: statsParamsSchema, query: statsQuerySchema },
    responses: { 200: childrenStatsSchema },
  }),
} as const;

export const hierarchyStreamConsumers: StreamConsumerDefinition[] = [
  {
    name: 'statsCounter',
    handler: 'hierarchy/stats-counter',
    reader: 'streamEvents',
    handles: [
      { types: ['HEALTH_REPORT', 'TRAVEL_DECLARATION'], events: ['INSERT', 'MODIFY', 'REMOVE'] },
      { types: ['QUARANTINE', 'ALERT', 'SUPPLY_REQUEST', 'HOUSEHOLD'], events: ['INSERT', 'MODIFY'] },
      // A journal a crashed invocation left unapplied.
      { types: ['SCREENED_DAY', 'STATS_JOURNAL'], events: ['INSERT'] },
      // Checkpoint entries (contexts/checkpoints) are written once and never changed.
      { types: ['CHECKPOINT_ENTRY'], events: ['INSERT'] },
    ],
    table: 'readwrite',
    description:
      'Per-day and current counters at grid, community, street, district and city; coalesced, counted once',
  },
];

export const hierarchySchedules: ScheduleDefinition[] = [
  {
    name: 'markClosedRegions',
    handler: 'hierarchy/purge-closed-regions',
    everyMinutes: 60,
    table: 'readwrite',
    scansTable: true,
    description:
      'Marks the health records of regions whose epidemic response was closed for purging (parallel scan, only when a closure waits)',
  },
  {
    name: 'reconcileStats',
    handler: 'hierarchy/reconcile-stats',
    everyMinutes: 60,
    table: 'readwrite',
    description: 'Recounts every grid’s current levels from the base records and repairs drift',
  },
  {
    name: 'reconcileStatsDay',
    handler: 'hierarchy/reconcile-stats-day',
    everyMinutes: 1440,
    table: 'readwrite',
    scansTable: true,
    description:
      'Nightly: recounts yesterday’s day counts from the base records (parallel scan) and repairs drift',
  },
];
