import type {
  Manifest,
  RouteDefinition,
  StreamConsumerDefinition,
  TableAccess,
} from '@grid/functions/manifest/types';
export declare const FUNCTIONS_SRC_DIR: string;
export declare const CONTEXTS_DIR: string;
export interface HttpFunctionGroup {
  /** e.g. households-read, auth-readwrite-wechat; also the function name's suffix. */
  name: string;
  tag: string;
  table: TableAccess;
  weChat: boolean;
  routes: readonly RouteDefinition[];
}
/** Whether a manifest entry (route, consumer or schedule) calls WeChat and so gets the WeChat secret. */
export declare function usesWeChat(entry: { usesWeChat?: boolean }): boolean;
/** The schedules infra deploys: local-only ones (stand-ins for what AWS does itself) are left out. */
export declare function deployedSchedules(manifest: Pick<Manifest, 'schedules'>): Manifest['schedules'];
/** The API Gateway route key of a manifest route, e.g. `GET /v1/me`. */
export declare function routeKey(route: Pick<RouteDefinition, 'method' | 'path'>): string;
export declare function groupName(tag: string, table: TableAccess, weChat: boolean): string;
/** The function group a route belongs to, by name. */
export declare function groupNameOf(route: RouteDefinition): string;
/** The manifest's routes grouped into functions, in a stable order (by group name). */
export declare function httpFunctionGroups(manifest: Pick<Manifest, 'routes'>): HttpFunctionGroup[];
/**
 * The router module of a group: it imports only the group's handler modules and dispatches on the
 * payload-2.0 `routeKey`, which API Gateway sets to the matched route's `METHOD /path/{param}`.
 * Imports are relative to functions/src (`srcBase`, e.g. ../../../functions/src) and the output
 * deterministic, so a bundle hashes the same on every synth and every machine.
 */
export declare function routerSource(group: HttpFunctionGroup, srcBase: string): string;
/** The entry of a stream consumer or schedule: the secrets first, then its one handler. */
export declare function handlerEntrySource(name: string, handler: string, srcBase: string): string;
/**
 * Where routers are generated: inside the repository (NodejsFunction bundles only entries under
 * its projectRoot), in a folder that ignores itself in git.
 */
export declare const ROUTERS_DIR: string;
/** Writes the group's router (see writeEntry) and returns its path. */
export declare function writeRouter(group: HttpFunctionGroup, dir?: string): string;
/** The entry of a stream reader: the dispatcher over its consumers' `consume` modules. */
export declare function readerEntrySource(
  name: string,
  consumers: readonly StreamConsumerDefinition[],
  srcBase: string,
): string;
/** Writes the entry of a stream reader (see writeEntry) and returns its path. */
export declare function writeReaderEntry(
  name: string,
  consumers: readonly StreamConsumerDefinition[],
  dir?: string,
): string;
/** Writes the entry of a stream consumer or schedule (see writeEntry) and returns its path. */
export declare function writeHandlerEntry(name: string, handler: string, dir?: string): string;
