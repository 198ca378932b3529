/** The local API's routing, as API Gateway's HTTP API does it: `{param}` segments, most specific route wins. */
import type { ErrorCode } from '@grid/shared';
import type { APIGatewayProxyEventV2, APIGatewayProxyResultV2, Context } from 'aws-lambda';
import type { RouteDefinition } from '../src/manifest/types';

/** Payload 2.0 lets a handler return a plain object (or string) instead of a structured result. */
export type RouteInvoke = (
  event: APIGatewayProxyEventV2,
  context: Context,
) => Promise<APIGatewayProxyResultV2<object>>;

export type LocalRoute = Pick<RouteDefinition, 'method' | 'path' | 'operationId'> & { invoke: RouteInvoke };

export interface CompiledRoute {
  route: LocalRoute;
  routeKey: string;
  /** Literal segment text, or null for a {param} segment. */
  segments: ReadonlyArray<{ literal: string } | { param: string }>;
}

export interface RouteMatch {
  compiled: CompiledRoute;
  pathParameters: Record<string, string>;
}

export function compileRoute(route: LocalRoute): CompiledRoute {
  const segments = route.path
    .split('/')
    .slice(1)
    .map((segment) => {
      const param = /^\{([A-Za-z0-9_]+)\}$/.exec(segment)?.[1];
      return param ? { param } : { literal: segment };
    });
  return { route, routeKey: `${route.method} ${route.path}`, segments };
}

/** The route a request goes to, or why none: no route has the path, or none of them the method. */
export function findRoute(
  compiled: readonly CompiledRoute[],
  method: string,
  rawPath: string,
): RouteMatch | Extract<ErrorCode, 'ROUTE_NOT_FOUND' | 'METHOD_NOT_ALLOWED'> {
  const candidates = compiled.flatMap((route) => {
    const pathParameters = matchPath(route, rawPath);
    return pathParameters ? [{ compiled: route, pathParameters }] : [];
  });
  const match = mostSpecific(candidates.filter((c) => c.compiled.route.method === method));
  if (match) return match;
  return candidates.length === 0 ? 'ROUTE_NOT_FOUND' : 'METHOD_NOT_ALLOWED';
}

function matchPath(compiled: CompiledRoute, rawPath: string): Record<string, string> | undefined {
  const parts = rawPath.split('/').slice(1);
  if (!rawPath.startsWith('/') || parts.length !== compiled.segments.length) return undefined;
  const params: Record<string, string> = {};
  for (const [i, segment] of compiled.segments.entries()) {
    const part = parts[i] ?? '';
    if ('literal' in segment) {
      if (safeDecode(part) !== segment.literal) return undefined;
    } else {
      if (part === '') return undefined;
      params[segment.param] = safeDecode(part);
    }
  }
  return params;
}

/** API Gateway prefers the route whose leftmost differing segment is literal (/persons/me over /persons/{id}). */
function mostSpecific(matches: RouteMatch[]): RouteMatch | undefined {
  return matches.reduce<RouteMatch | undefined>((best, candidate) => {
    if (!best) return candidate;
    for (const [i, segment] of candidate.compiled.segments.entries()) {
      const bestSegment = best.compiled.segments[i];
      const candidateLiteral = 'literal' in segment;
      const bestLiteral = bestSegment !== undefined && 'literal' in bestSegment;
      if (candidateLiteral !== bestLiteral) return candidateLiteral ? candidate : best;
    }
    return best;
  }, undefined);
}

function safeDecode(value: string): string {
  try {
    return decodeURIComponent(value);
  } catch {
    return value;
  }
}
