/**
 * The manifest: the table, every route, stream consumer and schedule, declared once.
 * infra/ turns it into CDK constructs; functions/local turns it into a server, a table,
 * a stream poller and timers. Nothing here is declared anywhere else.
 */
import { foundationRoutes } from './foundation';
import { hierarchyRoutes, hierarchySchedules, hierarchyStreamConsumers } from './hierarchy';
import { privacyRoutes, privacySchedules } from './privacy';
import { quarantineRoutes, quarantineSchedules, quarantineStreamConsumers } from './quarantine';
import { screeningRoutes, screeningSchedules, screeningStreamConsumers } from './screening';
import { statsRoutes, statsSchedules, statsStreamConsumers } from './stats';
import { supplyRoutes, supplySchedules, supplyStreamConsumers } from './supply';
import type { Manifest } from './types';

export type * from './types';

export const routes = {
  ...foundationRoutes,
  ...privacyRoutes,
  ...quarantineRoutes,
  ...supplyRoutes,
  ...screeningRoutes,
  ...statsRoutes,
  ...hierarchyRoutes,
} as const;

export type RouteId = keyof typeof routes;

export const manifest: Manifest = {
  table: {
    logicalName: 'GridTable',
    partitionKey: 'pk',
    sortKey: 'sk',
    globalIndexes: [
      // Lists by parent: a grid's pending submissions, oldest first.
      { name: 'gsi1', partitionKey: 'gsi1pk', sortKey: 'gsi1sk', projection: 'ALL' },
      // Lookups by secondary identity: keyed hashes of ID numbers and phones.
      { name: 'gsi2', partitionKey: 'gsi2pk', sortKey: 'gsi2sk', projection: 'KEYS_ONLY' },
    ],
    ttlAttribute: 'expiresAt',
    stream: 'NEW_AND_OLD_IMAGES',
  },
  routes: Object.values(routes),
  // At most two readers of the table stream (AWS throttles more per shard): the consumers run
  // in-process in their reader's dispatcher, which receives only what they handle.
  streamReaders: [
    {
      name: 'streamEvents',
      batchSize: 100,
      batchingWindowSeconds: 1,
      description:
        'Dispatches table changes to quarantine checks, alerts, person identity, supply notices and stats',
    },
    {
      name: 'streamImports',
      // Rows of a chunk are filtered out: only the import item's own changes reach the chain.
      batchSize: 100,
      batchingWindowSeconds: 1,
      description: 'Chains cross-match imports (each step writes the import item; its change runs the next)',
    },
  ],
  streamConsumers: [
    ...quarantineStreamConsumers,
    ...screeningStreamConsumers,
    ...supplyStreamConsumers,
    ...statsStreamConsumers,
    ...hierarchyStreamConsumers,
  ],
  schedules: [
    ...quarantineSchedules,
    ...screeningSchedules,
    ...supplySchedules,
    ...statsSchedules,
    ...hierarchySchedules,
    ...privacySchedules,
  ],
};
