/**
 * The route groups and their generated routers: every route is in exactly one group, a group's
 * routes share what IAM is derived from, a router's bundle holds only its group's handlers, and a
 * router dispatches on the payload-2.0 routeKey.
 */
import { manifest } from '@grid/functions/manifest/index';
import { build } from 'esbuild';
import { afterEach, describe, expect, it } from 'vitest';
import { BUNDLE_LOADERS } from '../lib/bundle';
import {
  deployedSchedules,
  groupNameOf,
  httpFunctionGroups,
  routeKey,
  usesWeChat,
  writeRouter,
} from '../lib/function-groups';
import { REPO_ROOT } from './support';

const groups = httpFunctionGroups(manifest);
/** esbuild names each output after its entry point's key. */
const outputPathOf = (name: string) => `/router-graph/${name}.js`;

describe('route groups', () => {
  it('put every route in exactly one group of the same tag, table access and WeChat use', () => {
    const grouped = groups.flatMap((g) => g.routes.map((r) => r.operationId));
    expect(grouped.sort()).toEqual(manifest.routes.map((r) => r.operationId).sort());
    for (const group of groups) {
      expect(group.name).toBe(`${group.tag}-${group.table}${group.weChat ? '-wechat' : ''}`);
      for (const route of group.routes) {
        expect(route.tags[0]).toBe(group.tag);
        expect(route.table).toBe(group.table);
        expect(usesWeChat(route)).toBe(group.weChat);
        expect(groupNameOf(route)).toBe(group.name);
      }
    }
  });

  it('refuses a route without a usable tag and a route key declared twice', () => {
    const route = manifest.routes[0]!;
    expect(() => httpFunctionGroups({ routes: [{ ...route, tags: [] }] })).toThrow(/first tag/);
    expect(() => httpFunctionGroups({ routes: [{ ...route, tags: ['Bad Tag'] }] })).toThrow(/first tag/);
    expect(() => httpFunctionGroups({ routes: [route, { ...route, operationId: 'copy' }] })).toThrow(/twice/);
  });
});

describe('generated routers', () => {
  const saved = { ...process.env };
  afterEach(() => {
    process.env = { ...saved };
  });

  it('bundle only the handlers of their own group, after the secrets bootstrap', async () => {
    const entries = Object.fromEntries(groups.map((g) => [g.name, writeRouter(g)]));
    const result = await build({
      absWorkingDir: REPO_ROOT,
      loader: { ...BUNDLE_LOADERS },
      entryPoints: entries,
      bundle: true,
      packages: 'external',
      platform: 'node',
      format: 'esm',
      outdir: 'cdk.out/router-graph',
      write: false,
      metafile: true,
      logLevel: 'silent',
    });
    for (const group of groups) {
      const output = Object.values(result.metafile.outputs).find((o) =>
        o.entryPoint?.includes(`/${group.name}.`),
      );
      expect(output, group.name).toBeDefined();
      const handlers = Object.keys(output!.inputs)
        .filter((input) => /^functions\/src\/contexts\/[^/]+\/handlers\//.test(input))
        .map((input) => input.replace(/^functions\/src\/contexts\/([^/]+)\/handlers\/([^/]+)\.ts$/, '$1/$2'));
      expect(handlers.sort(), group.name).toEqual([...new Set(group.routes.map((r) => r.handler))].sort());
      // The bootstrap's top-level await comes first in the flattened bundle: secrets load before any handler code.
      const file = result.outputFiles.find((f) => f.path.endsWith(outputPathOf(group.name)));
      const code = file!.text;
      expect(code.indexOf('SECRET_ARNS'), group.name).toBeGreaterThan(-1);
      expect(code.indexOf('SECRET_ARNS'), group.name).toBeLessThan(
        code.indexOf(JSON.stringify(routeKey(group.routes[0]!))),
      );
    }
  });

  it('dispatch on routeKey and answer 404 for a route key that is not theirs', async () => {
    const route = manifest.routes.find((r) => r.handler === 'api-docs/get-openapi')!;
    const group = groups.find((g) => g.name === groupNameOf(route))!;
    Object.assign(process.env, {
      TABLE_NAME: 'grid-test',
      AWS_REGION: 'cn-northwest-1',
      TOKEN_SIGNING_KEY: 'x'.repeat(64),
      DATA_KEY: Buffer.alloc(32, 1).toString('base64'),
      HASH_KEY: Buffer.alloc(32, 2).toString('base64'),
      POWERTOOLS_LOG_LEVEL: 'ERROR',
    });
    const router = (await import(writeRouter(group))) as {
      handler: (event: unknown, context: unknown) => Promise<{ statusCode: number; body: string }>;
    };
    const event = (key: string) => ({
      version: '2.0',
      routeKey: key,
      rawPath: route.path,
      rawQueryString: '',
      headers: { host: 'example.test' },
      requestContext: {
        http: {
          method: route.method,
          path: route.path,
          protocol: 'HTTP/1.1',
          sourceIp: '127.0.0.1',
          userAgent: 't',
        },
        requestId: 'req-1',
        routeKey: key,
        stage: '$default',
        timeEpoch: 0,
      },
      isBase64Encoded: false,
    });
    const context = {
      awsRequestId: 'req-1',
      functionName: `grid-test-${group.name}`,
      memoryLimitInMB: '512',
    };
    const ok = await router.handler(event(routeKey(route)), context);
    expect(ok.statusCode).toBe(200);
    expect((JSON.parse(ok.body) as { openapi: string }).openapi).toMatch(/^3\./);
    const missing = await router.handler(event('GET /v1/not-in-this-group'), context);
    expect(missing.statusCode).toBe(404);
    expect(JSON.parse(missing.body)).toMatchObject({ error: { code: 'ROUTE_NOT_FOUND' } });
  });
});

describe('local-only schedules', () => {
  it('are run by the local runtime and never deployed (DynamoDB TTL does their work in AWS)', () => {
    const localOnly = manifest.schedules.filter((s) => s.localOnly).map((s) => s.name);
    expect(localOnly).toContain('purgeExpiredItems');
    const deployed = deployedSchedules(manifest).map((s) => s.name);
    expect(deployed).not.toContain('purgeExpiredItems');
    expect(deployed).toHaveLength(manifest.schedules.length - localOnly.length);
  });
});
