/**
 * Local stand-in for an API Gateway HTTP API with Lambda proxy integrations (payload format 2.0):
 * turns HTTP requests into the events the handlers get in AWS, and their results back into responses.
 */
import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ERROR_CATALOGUE, type ErrorCode, errorMessage } from '@grid/shared';
import type { APIGatewayProxyEventV2, APIGatewayProxyResultV2, Context } from 'aws-lambda';
import type { RouteDefinition } from '../src/manifest/types';
import {
  formatClfTime,
  isTextContentType,
  lambdaContext,
  lowerCaseHeaders,
  parseQuery,
  toHttpResponse,
} from './http-event';

/** Payload 2.0 lets a handler return a plain object (or string) instead of a structured result. */
export type RouteInvoke = (
  event: APIGatewayProxyEventV2,
  context: Context,
) => Promise<APIGatewayProxyResultV2<object>>;

export type LocalRoute = Pick<RouteDefinition, 'method' | 'path' | 'operationId'> & { invoke: RouteInvoke };

export interface ApiServerOptions {
  /** 0 picks a free port. */
  port: number;
  host?: string;
  routes: ReadonlyArray<LocalRoute>;
  /** Omitted → no CORS headers and no preflight answers. */
  corsOrigins?: readonly string[] | '*';
  /** One line per request; never bodies or query strings. */
  log?: (line: Record<string, unknown>) => void;
  /** API Gateway's integration timeout; after it the caller gets 503 (the handler keeps running). */
  timeoutMs?: number;
  /**
   * While this returns false (the local stack still seeding), every request but a CORS preflight gets
   * 503 STARTING with Retry-After, and no handler runs.
   */
  isReady?: () => boolean;
}

export interface ApiServer {
  url: string;
  port: number;
  close(): Promise<void>;
}

/** Lambda's synchronous invocation payload limit. */
export const MAX_EVENT_BODY_BYTES = 6 * 1024 * 1024;
const DEFAULT_TIMEOUT_MS = 29_000;
const STARTING_RETRY_AFTER_S = 2;
const CORS_ALLOW_HEADERS = [
  'authorization',
  'content-type',
  'idempotency-key',
  'x-request-id',
  'x-local-now',
];
const CORS_EXPOSE_HEADERS = ['x-request-id', 'content-disposition', 'retry-after', 'apigw-requestid'];
const CORS_MAX_AGE_SECONDS = 600;

interface CompiledRoute {
  route: LocalRoute;
  routeKey: string;
  /** Literal segment text, or null for a {param} segment. */
  segments: ReadonlyArray<{ literal: string } | { param: string }>;
}

interface RouteMatch {
  compiled: CompiledRoute;
  pathParameters: Record<string, string>;
}

export async function startApiServer(opts: ApiServerOptions): Promise<ApiServer> {
  const compiled = opts.routes.map(compileRoute);
  const log = opts.log ?? ((line: Record<string, unknown>) => console.log(JSON.stringify(line)));
  const timeoutMs = opts.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  let port = opts.port;

  const server = createServer((req, res) => {
    handleRequest(req, res).catch((err: unknown) => {
      log({ level: 'error', message: 'local API server failed', error: errorText(err) });
      if (!res.headersSent) sendJson(res, 500, errorBody('INTERNAL', '服务器内部错误 / Internal error'));
      else res.destroy();
    });
  });

  const handleRequest = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const startedAt = Date.now();
    const requestId = randomUUID();
    const method = (req.method ?? 'GET').toUpperCase();
    const target = req.url ?? '/';
    const queryStart = target.indexOf('?');
    const rawPath = queryStart < 0 ? target : target.slice(0, queryStart);
    const rawQueryString = queryStart < 0 ? '' : target.slice(queryStart + 1);
    const origin = req.headers.origin;
    const corsHeaders = corsResponseHeaders(opts.corsOrigins, origin);
    let routeKey: string | null = null;
    let operationId: string | null = null;

    const finish = (
      status: number,
      headers: Record<string, string | string[]>,
      body: Buffer | string,
    ): void => {
      res.writeHead(status, { ...headers, ...corsHeaders, 'apigw-requestid': requestId });
      res.end(body);
      log({ method, routeKey, operationId, status, ms: Date.now() - startedAt, requestId });
    };
    // The same codes and messages as the handlers' own refusals (shared/src/errors.ts).
    const finishError = (code: ErrorCode): void => {
      finish(
        ERROR_CATALOGUE[code].status,
        { 'content-type': 'application/json; charset=utf-8' },
        errorBody(code, errorMessage(code)),
      );
    };

    if (
      method === 'OPTIONS' &&
      opts.corsOrigins !== undefined &&
      req.headers['access-control-request-method']
    ) {
      await discardBody(req);
      const preflight: Record<string, string> = {};
      if (corsHeaders['access-control-allow-origin']) {
        preflight['access-control-allow-methods'] = [...new Set(compiled.map((c) => c.route.method))].join(
          ',',
        );
        preflight['access-control-allow-headers'] = CORS_ALLOW_HEADERS.join(',');
        preflight['access-control-max-age'] = String(CORS_MAX_AGE_SECONDS);
      }
      finish(204, preflight, '');
      return;
    }

    if (opts.isReady && !opts.isReady()) {
      await discardBody(req);
      finish(
        ERROR_CATALOGUE.STARTING.status,
        { 'content-type': 'application/json; charset=utf-8', 'retry-after': String(STARTING_RETRY_AFTER_S) },
        errorBody('STARTING', errorMessage('STARTING')),
      );
      return;
    }

    const candidates = compiled.flatMap((route) => {
      const pathParameters = matchPath(route, rawPath);
      return pathParameters ? [{ compiled: route, pathParameters }] : [];
    });
    const match = mostSpecific(candidates.filter((c) => c.compiled.route.method === method));
    if (!match) {
      await discardBody(req);
      if (candidates.length === 0) finishError('ROUTE_NOT_FOUND');
      else finishError('METHOD_NOT_ALLOWED');
      return;
    }
    routeKey = match.compiled.routeKey;
    operationId = match.compiled.route.operationId;

    const raw = await readBody(req, MAX_EVENT_BODY_BYTES);
    const headers = lowerCaseHeaders(req.rawHeaders);
    const cookieHeader = headers.cookie;
    delete headers.cookie;
    const isBase64Encoded =
      raw !== undefined && raw.length > 0 && !isTextContentType(headers['content-type']);
    const body =
      raw === undefined || raw.length === 0 ? undefined : raw.toString(isBase64Encoded ? 'base64' : 'utf8');
    if (raw === undefined || (body !== undefined && Buffer.byteLength(body) > MAX_EVENT_BODY_BYTES)) {
      finishError('PAYLOAD_TOO_LARGE');
      return;
    }

    const now = new Date();
    const host = headers.host ?? `127.0.0.1:${port}`;
    const event: APIGatewayProxyEventV2 = {
      version: '2.0',
      routeKey,
      rawPath,
      rawQueryString,
      headers,
      requestContext: {
        accountId: 'local',
        apiId: 'local',
        domainName: host,
        domainPrefix: host.split('.')[0] ?? host,
        http: {
          method,
          path: rawPath,
          protocol: `HTTP/${req.httpVersion}`,
          sourceIp: (req.socket.remoteAddress ?? '127.0.0.1').replace(/^::ffff:/, ''),
          userAgent: headers['user-agent'] ?? '',
        },
        requestId,
        routeKey,
        stage: '$default',
        time: formatClfTime(now),
        timeEpoch: now.getTime(),
      },
      isBase64Encoded,
    };
    const cookies = cookieHeader
      ?.split(';')
      .map((cookie) => cookie.trim())
      .filter(Boolean);
    if (cookies && cookies.length > 0) event.cookies = cookies;
    const query = parseQuery(rawQueryString);
    if (query) event.queryStringParameters = query;
    if (Object.keys(match.pathParameters).length > 0) event.pathParameters = match.pathParameters;
    if (body !== undefined) event.body = body;

    const context = lambdaContext(match.compiled.route.operationId, startedAt + timeoutMs);
    let result: APIGatewayProxyResultV2<object>;
    try {
      result = await withTimeout(match.compiled.route.invoke(event, context), timeoutMs);
    } catch (err) {
      if (err instanceof IntegrationTimeout) {
        log({ level: 'error', message: 'handler timed out', operationId: context.functionName, requestId });
        finishError('INTEGRATION_TIMEOUT');
        return;
      }
      log({
        level: 'error',
        message: 'handler threw',
        operationId: context.functionName,
        requestId,
        error: errorText(err),
      });
      finishError('INTERNAL');
      return;
    }

    let response: { status: number; headers: Record<string, string | string[]>; body: Buffer };
    try {
      response = toHttpResponse(result);
    } catch (err) {
      log({
        level: 'error',
        message: 'bad handler result',
        operationId: context.functionName,
        requestId,
        error: errorText(err),
      });
      finishError('INTERNAL');
      return;
    }
    finish(response.status, response.headers, response.body);
  };

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port, opts.host ?? '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  port = (server.address() as AddressInfo).port;
  const host =
    opts.host === undefined || opts.host === '0.0.0.0' || opts.host === '::' ? '127.0.0.1' : opts.host;

  return {
    url: `http://${host.includes(':') ? `[${host}]` : host}:${port}`,
    port,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((err) => (err ? reject(err) : resolve()));
        // Keep-alive sockets (fetch keeps them) would otherwise hold close() open.
        server.closeAllConnections();
      }),
  };
}

function compileRoute(route: LocalRoute): CompiledRoute {
  const segments = route.path
    .split('/')
    .slice(1)
    .map((segment) => {
      const param = /^\{([A-Za-z0-9_]+)\}$/.exec(segment)?.[1];
      return param ? { param } : { literal: segment };
    });
  return { route, routeKey: `${route.method} ${route.path}`, segments };
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

/** Reads the body; undefined when it is longer than limit (the rest is read and dropped). */
async function readBody(req: IncomingMessage, limit: number): Promise<Buffer | undefined> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    const buffer = chunk as Buffer;
    size += buffer.length;
    if (size <= limit) chunks.push(buffer);
  }
  return size > limit ? undefined : Buffer.concat(chunks);
}

async function discardBody(req: IncomingMessage): Promise<void> {
  for await (const _ of req) {
    // Drain so keep-alive connections stay usable.
  }
}

function corsResponseHeaders(
  corsOrigins: readonly string[] | '*' | undefined,
  origin: string | undefined,
): Record<string, string> {
  if (corsOrigins === undefined) return {};
  const headers: Record<string, string> = {};
  if (corsOrigins === '*') {
    headers['access-control-allow-origin'] = '*';
  } else {
    headers.vary = 'Origin';
    if (!origin || !corsOrigins.includes(origin)) return headers;
    headers['access-control-allow-origin'] = origin;
  }
  headers['access-control-expose-headers'] = CORS_EXPOSE_HEADERS.join(',');
  return headers;
}

class IntegrationTimeout extends Error {}

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new IntegrationTimeout()), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

function sendJson(res: ServerResponse, status: number, body: string): void {
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8' });
  res.end(body);
}

function errorBody(code: string, message: string): string {
  return JSON.stringify({ error: { code, message } });
}

function errorText(err: unknown): string {
  return err instanceof Error ? (err.stack ?? `${err.name}: ${err.message}`) : String(err);
}
