/**
 * How the manifest's HTTP routes are packed into Lambda functions, and the small router module
 * each function is bundled from. A group is (first tag, table access, usesWeChat): its routes share
 * one IAM policy by construction, so one function per group loses no privilege, and its bundle
 * holds only the group's handlers. Everything is derived from the manifest at synth time.
 */
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Manifest, RouteDefinition, TableAccess } from '@grid/functions/manifest/types';
import { errorMessage } from '@grid/shared';

export const HANDLERS_DIR = fileURLToPath(new URL('../../functions/src/handlers/', import.meta.url));

/** Tags become part of function names and construct ids. */
const TAG_PATTERN = /^[a-z][a-z0-9-]*$/;

export interface HttpFunctionGroup {
  /** e.g. households-read, auth-readwrite-wechat; also the function name's suffix. */
  name: string;
  tag: string;
  table: TableAccess;
  weChat: boolean;
  routes: readonly RouteDefinition[];
}

/** Whether a manifest entry (route, consumer or schedule) calls WeChat and so gets the WeChat secret. */
export function usesWeChat(entry: { usesWeChat?: boolean }): boolean {
  return entry.usesWeChat === true;
}

/** The API Gateway route key of a manifest route, e.g. `GET /v1/me`. */
export function routeKey(route: Pick<RouteDefinition, 'method' | 'path'>): string {
  return `${route.method} ${route.path}`;
}

export function groupName(tag: string, table: TableAccess, weChat: boolean): string {
  return `${tag}-${table}${weChat ? '-wechat' : ''}`;
}

/** The function group a route belongs to, by name. */
export function groupNameOf(route: RouteDefinition): string {
  const tag = route.tags[0];
  if (tag === undefined || !TAG_PATTERN.test(tag)) {
    throw new Error(
      `${route.operationId}: its first tag names its function group and must match ${TAG_PATTERN} (got ${String(tag)})`,
    );
  }
  return groupName(tag, route.table, usesWeChat(route));
}

/** The manifest's routes grouped into functions, in a stable order (by group name). */
export function httpFunctionGroups(manifest: Pick<Manifest, 'routes'>): HttpFunctionGroup[] {
  const groups = new Map<string, HttpFunctionGroup & { routes: RouteDefinition[] }>();
  const keys = new Set<string>();
  for (const route of manifest.routes) {
    const key = routeKey(route);
    if (keys.has(key)) throw new Error(`${route.operationId}: route ${key} is declared twice`);
    keys.add(key);
    const name = groupNameOf(route);
    const group = groups.get(name) ?? {
      name,
      tag: route.tags[0]!,
      table: route.table,
      weChat: usesWeChat(route),
      routes: [],
    };
    group.routes.push(route);
    groups.set(name, group);
  }
  return [...groups.values()].sort((a, b) => a.name.localeCompare(b.name));
}

/**
 * The router module of a group: it imports only the group's handler modules and dispatches on the
 * payload-2.0 `routeKey`, which API Gateway sets to the matched route's `METHOD /path/{param}`.
 * Deterministic output (same manifest, same bytes), so bundles hash the same on every synth.
 */
export function routerSource(group: HttpFunctionGroup, handlersDir: string = HANDLERS_DIR): string {
  const handlers = [...new Set(group.routes.map((r) => r.handler))].sort();
  const imports = handlers.map(
    (h, i) => `import { handler as h${i} } from ${JSON.stringify(join(handlersDir, `${h}.ts`))};`,
  );
  const table = group.routes
    .map((r) => `  ${JSON.stringify(routeKey(r))}: h${handlers.indexOf(r.handler)},`)
    .sort();
  const notFound = JSON.stringify(
    JSON.stringify({ error: { code: 'ROUTE_NOT_FOUND', message: errorMessage('ROUTE_NOT_FOUND') } }),
  );
  return `// Generated at synth time by infra/lib/function-groups.ts from the manifest: the routes of
// function group ${group.name}. Rewritten on every synth; do not edit.
${imports.join('\n')}

type RouteHandler = (event: { routeKey: string }, context: unknown) => Promise<unknown>;

const routes: Record<string, RouteHandler> = {
${table.join('\n')}
};

export async function handler(event: { routeKey: string }, context: unknown): Promise<unknown> {
  const route = routes[event.routeKey];
  if (route) return route(event, context);
  // Only this group's routes are integrated with this function; anything else is a wiring fault.
  return { statusCode: 404, headers: { 'content-type': 'application/json' }, body: ${notFound} };
}
`;
}

/**
 * Writes the group's router to `<dir>/<group>.ts` and returns its path. The file is replaced
 * atomically and only when its content changed, so concurrent synths into one folder are safe.
 */
export function writeRouter(dir: string, group: HttpFunctionGroup, handlersDir?: string): string {
  const path = join(dir, `${group.name}.ts`);
  const source = routerSource(group, handlersDir);
  let current: string | undefined;
  try {
    current = readFileSync(path, 'utf8');
  } catch {
    current = undefined;
  }
  if (current !== source) {
    mkdirSync(dir, { recursive: true });
    const temp = `${path}.${process.pid}.tmp`;
    writeFileSync(temp, source);
    renameSync(temp, path);
  }
  return path;
}
