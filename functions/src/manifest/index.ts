/**
 * The manifest: the table, every route, stream consumer and schedule, declared once.
 * infra/ turns it into CDK constructs; functions/local turns it into a server, a table,
 * a stream poller and timers. Nothing here is declared anywhere else.
 */
import { apiDocsRoutes } from '../contexts/api-docs/routes';
import { checkpointsRoutes } from '../contexts/checkpoints/routes';
import { hierarchyRoutes, hierarchySchedules, hierarchyStreamConsumers } from '../contexts/hierarchy/routes';
import { householdsRoutes, householdsStreamConsumers } from '../contexts/households/routes';
import { identityRoutes } from '../contexts/identity/routes';
import { noticesRoutes, noticesSchedules } from '../contexts/notices/routes';
import { passesRoutes, passesStreamConsumers } from '../contexts/passes/routes';
import { privacyRoutes, privacySchedules } from '../contexts/privacy/routes';
import {
  quarantineRoutes,
  quarantineSchedules,
  quarantineStreamConsumers,
} from '../contexts/quarantine/routes';
import { reportingRoutes } from '../contexts/reporting/routes';
import { screeningRoutes, screeningSchedules, screeningStreamConsumers } from '../contexts/screening/routes';
import { supplyRoutes, supplySchedules, supplyStreamConsumers } from '../contexts/supply/routes';
import type { Manifest } from './types';

export type * from './types';

// One part per business context (functions/src/contexts/<context>/routes.ts).
export const routes = {
  ...apiDocsRoutes,
  ...identityRoutes,
  ...householdsRoutes,
  ...reportingRoutes,
  ...quarantineRoutes,
  ...supplyRoutes,
  ...hierarchyRoutes,
  ...screeningRoutes,
  ...noticesRoutes,
  ...privacyRoutes,
  ...checkpointsRoutes,
  ...passesRoutes,
} as const;

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
    ...householdsStreamConsumers,
    ...screeningStreamConsumers,
    ...supplyStreamConsumers,
    ...hierarchyStreamConsumers,
    ...passesStreamConsumers,
  ],
  schedules: [
    ...quarantineSchedules,
    ...screeningSchedules,
    ...supplySchedules,
    ...hierarchySchedules,
    ...noticesSchedules,
    ...privacySchedules,
  ],
};
