/**
 * CloudFormation allows 500 resources per stack. The stateless stack grows by one API route per
 * manifest route and by three resources (function, integration, invoke permission) per route
 * group; these tests count it now and project it to 100 routes, from synths of grown manifests.
 */
import { manifest } from '@grid/functions/manifest/index';
import type { Manifest, RouteDefinition } from '@grid/functions/manifest/types';
import { CloudAssembly } from 'aws-cdk-lib/cx-api';
import { afterAll, describe, expect, it } from 'vitest';
import { httpFunctionGroups } from '../lib/function-groups';
import { synthGrid } from './support';

afterAll(() => CloudAssembly.cleanupTemporaryDirectories());

const STACK_LIMIT = 500;
/** Where the stateless stack should stay at 100 routes, leaving room to grow past them. */
const BUDGET_AT_100_ROUTES = 300;

function statelessCount(m: Manifest): number {
  const { statelessTemplate } = synthGrid({ manifest: m });
  return Object.keys(statelessTemplate.toJSON().Resources as object).length;
}

/** Synthetic routes: `areas` new feature areas (one tag each) of `perArea` routes, half read, half readwrite. */
function grown(areas: number, perArea: number, routesWanted: number): Manifest {
  const extra: RouteDefinition[] = [];
  for (let a = 0; a < areas && manifest.routes.length + extra.length < routesWanted; a++) {
    for (let r = 0; r < perArea && manifest.routes.length + extra.length < routesWanted; r++) {
      extra.push({
        operationId: `projected${a}x${r}`,
        method: r % 2 === 0 ? 'GET' : 'POST',
        path: `/v1/projected-${a}/items-${r}`,
        handler: 'api-docs/get-openapi',
        auth: { roles: ['admin'] },
        table: r % 2 === 0 ? 'read' : 'readwrite',
        summary: 'A route that exists only in this projection',
        tags: [`projected-${a}`],
        request: {},
        responses: {},
      });
    }
  }
  return { ...manifest, routes: [...manifest.routes, ...extra] };
}

describe('stateless stack resource budget', () => {
  const now = statelessCount(manifest);
  const groups = httpFunctionGroups(manifest).length;

  it('stays well under CloudFormation’s 500 resources per stack', () => {
    console.log(
      `stateless stack: ${now} resources for ${manifest.routes.length} routes in ${groups} groups, ` +
        `${manifest.streamReaders.length} stream readers (${manifest.streamConsumers.length} consumers), ${manifest.schedules.length} schedules`,
    );
    expect(now).toBeLessThan(BUDGET_AT_100_ROUTES);
  });

  it('projects under 300 at 100 routes when features land as areas of ~10 routes', () => {
    const m = grown(Math.ceil((100 - manifest.routes.length) / 10), 10, 100);
    const projected = statelessCount(m);
    const addedRoutes = m.routes.length - manifest.routes.length;
    const addedGroups = httpFunctionGroups(m).length - groups;
    console.log(
      `projection: ${projected} resources at ${m.routes.length} routes (+${addedRoutes} routes, +${addedGroups} groups)`,
    );
    expect(m.routes.length).toBeGreaterThanOrEqual(100);
    expect(projected).toBeLessThan(BUDGET_AT_100_ROUTES);
  });

  it('stays under 500 at 100 routes even if every new route got a group of its own', () => {
    const m = grown(100, 1, 100);
    const projected = statelessCount(m);
    const perRoute = (projected - now) / (m.routes.length - manifest.routes.length);
    console.log(
      `worst case: ${projected} resources at ${m.routes.length} routes (${perRoute.toFixed(1)} per new route); ` +
        `at that rate the stack reaches ${STACK_LIMIT} at ${Math.floor(m.routes.length + (STACK_LIMIT - projected) / perRoute)} routes`,
    );
    expect(projected).toBeLessThan(STACK_LIMIT);
  });
});
