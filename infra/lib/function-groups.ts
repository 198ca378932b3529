/**
 * How the manifest's HTTP routes are packed into Lambda functions, and the small router module
 * each function is bundled from. A group is (first tag, table access, usesWeChat): its routes share
 * one IAM policy by construction, so one function per group loses no privilege, and its bundle
 * holds only the group's handlers. Everything is derived from the manifest at synth time.
 */
import { createHash } from 'node:crypto';
import {
  existsSync,
  mkdirSync,
  readdirSync,
  renameSync,
  rmSync,
  statSync,
  utimesSync,
  writeFileSync,
} from 'node:fs';
import { join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { handlerModule } from '@grid/functions/manifest/route';
import type {
  Manifest,
  RouteDefinition,
  StreamConsumerDefinition,
  TableAccess,
} from '@grid/functions/manifest/types';
import { errorMessage } from '@grid/shared';

export const FUNCTIONS_SRC_DIR = fileURLToPath(new URL('../../functions/src/', import.meta.url));
export const CONTEXTS_DIR = `${FUNCTIONS_SRC_DIR}contexts/`;

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

/** The schedules infra deploys: local-only ones (stand-ins for what AWS does itself) are left out. */
export function deployedSchedules(manifest: Pick<Manifest, 'schedules'>): Manifest['schedules'] {
  return manifest.schedules.filter((s) => s.localOnly !== true);
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
 * Every generated entry imports this first: it loads the secrets into the environment (top-level
 * await) before any handler module runs. An import rather than esbuild's `inject`, which adds the
 * import to every file, CommonJS dependencies included, and esbuild refuses a `require` of a
 * module that reaches a top-level await (mnemonist, under the DynamoDB client, does).
 */
const BOOTSTRAP = 'lib/secrets-bootstrap.ts';

function header(what: string, srcBase: string): string {
  return `// Generated at synth time by infra/lib/function-groups.ts from the manifest: ${what}.
// Do not edit: the next synth writes a new file if the manifest changed.
import ${JSON.stringify(`${srcBase}/${BOOTSTRAP}`)};
`;
}

/**
 * The router module of a group: it imports only the group's handler modules and dispatches on the
 * payload-2.0 `routeKey`, which API Gateway sets to the matched route's `METHOD /path/{param}`.
 * Imports are relative to functions/src (`srcBase`, e.g. ../../../functions/src) and the output
 * deterministic, so a bundle hashes the same on every synth and every machine.
 */
export function routerSource(group: HttpFunctionGroup, srcBase: string): string {
  const handlers = [...new Set(group.routes.map((r) => r.handler))].sort();
  const imports = handlers.map(
    (h, i) => `import { handler as h${i} } from ${JSON.stringify(`${srcBase}/${handlerModule(h)}.ts`)};`,
  );
  const table = group.routes
    .map((r) => `  ${JSON.stringify(routeKey(r))}: h${handlers.indexOf(r.handler)},`)
    .sort();
  const notFound = JSON.stringify(
    JSON.stringify({ error: { code: 'ROUTE_NOT_FOUND', message: errorMessage('ROUTE_NOT_FOUND') } }),
  );
  return `${header(`the routes of function group ${group.name}`, srcBase)}${imports.join('\n')}

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

/** The entry of a stream consumer or schedule: the secrets first, then its one handler. */
export function handlerEntrySource(name: string, handler: string, srcBase: string): string {
  return `${header(`the entry of ${name}`, srcBase)}export { handler } from ${JSON.stringify(`${srcBase}/${handlerModule(handler)}.ts`)};
`;
}

/**
 * The entry of a stream reader: the dispatcher (lib/streams/reader.ts) over its consumers'
 * `consume` modules, with each consumer's declared interests written in, so the bundle holds the
 * consumers and not the manifest.
 */
export function readerEntrySource(
  name: string,
  consumers: readonly StreamConsumerDefinition[],
  srcBase: string,
): string {
  const imports = consumers.map(
    (c, i) =>
      `import { consume as c${i} } from ${JSON.stringify(`${srcBase}/${handlerModule(c.handler)}.ts`)};`,
  );
  const list = consumers.map(
    (c, i) => `  { name: ${JSON.stringify(c.name)}, handles: ${JSON.stringify(c.handles)}, consume: c${i} },`,
  );
  return `${header(`the entry of stream reader ${name}`, srcBase)}import { streamReader } from ${JSON.stringify(`${srcBase}/lib/streams/reader.ts`)};
${imports.join('\n')}

export const handler = streamReader(${JSON.stringify(name)}, [
${list.join('\n')}
]);
`;
}

/**
 * Where routers are generated: inside the repository (esbuild resolves their packages from its
 * node_modules), in a folder that ignores itself in git.
 */
export const ROUTERS_DIR = fileURLToPath(new URL('../.generated/routers/', import.meta.url));

/** Generated routers unused for this long are removed by the next synth. */
const STALE_AFTER_MS = 7 * 24 * 3600 * 1000;

/** functions/src as seen from `dir`, for the generated imports. */
function srcBaseFrom(dir: string): string {
  const base = relative(dir, FUNCTIONS_SRC_DIR).split(sep).join('/');
  return base.startsWith('.') ? base : `./${base}`;
}

/** Writes the group's router (see writeEntry) and returns its path. */
export function writeRouter(group: HttpFunctionGroup, dir: string = ROUTERS_DIR): string {
  return writeEntry(dir, group.name, routerSource(group, srcBaseFrom(dir)));
}

/** Writes the entry of a stream reader (see writeEntry) and returns its path. */
export function writeReaderEntry(
  name: string,
  consumers: readonly StreamConsumerDefinition[],
  dir: string = ROUTERS_DIR,
): string {
  return writeEntry(dir, name, readerEntrySource(name, consumers, srcBaseFrom(dir)));
}

/** Writes the entry of a stream consumer or schedule (see writeEntry) and returns its path. */
export function writeHandlerEntry(name: string, handler: string, dir: string = ROUTERS_DIR): string {
  return writeEntry(dir, name, handlerEntrySource(name, handler, srcBaseFrom(dir)));
}

/**
 * Writes `<dir>/<name>.<content hash>.ts`. Naming by content lets synths of different manifests
 * (tests, colleagues) run at once without overwriting each other's files; the write is atomic
 * (rename), and a reused file is touched so that the pruning of stale ones never removes it.
 */
function writeEntry(dir: string, name: string, source: string): string {
  const hash = createHash('sha256').update(source).digest('hex').slice(0, 12);
  const path = join(dir, `${name}.${hash}.ts`);
  const now = new Date();
  if (existsSync(path)) {
    utimesSync(path, now, now);
    return path;
  }
  mkdirSync(dir, { recursive: true });
  const ignore = join(dir, '.gitignore');
  if (!existsSync(ignore)) writeFileSync(ignore, '*\n');
  const temp = `${path}.${process.pid}.tmp`;
  writeFileSync(temp, source);
  renameSync(temp, path);
  pruneStaleRouters(dir, now.getTime());
  return path;
}

function pruneStaleRouters(dir: string, nowMs: number): void {
  for (const name of readdirSync(dir)) {
    if (!name.endsWith('.ts')) continue;
    try {
      if (nowMs - statSync(join(dir, name)).mtimeMs > STALE_AFTER_MS)
        rmSync(join(dir, name), { force: true });
    } catch {
      // Removed meanwhile by another synth.
    }
  }
}
