/**
 * Local stand-in for an API Gateway HTTP API with Lambda proxy integrations (payload format 2.0):
 * turns HTTP requests into the events the handlers get in AWS, and their results back into responses.
 * Routing: http-routes.ts; the proxy event and CORS: http-request.ts.
 */
import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ERROR_CATALOGUE, type ErrorCode, errorMessage } from '@grid/shared';
import type { APIGatewayProxyEventV2, APIGatewayProxyResultV2 } from 'aws-lambda';
import { lambdaContext, toHttpResponse } from './http-event';
import {
  corsResponseHeaders,
  discardBody,
  MAX_EVENT_BODY_BYTES,
  preflightHeaders,
  proxyEvent,
  requestLine,
} from './http-request';
import { type CompiledRoute, compileRoute, findRoute, type LocalRoute, type RouteMatch } from './http-routes';

export type { LocalRoute, RouteInvoke } from './http-routes';
export { MAX_EVENT_BODY_BYTES };

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

const DEFAULT_TIMEOUT_MS = 29_000;
const STARTING_RETRY_AFTER_S = 2;
const JSON_TYPE = 'application/json; charset=utf-8';

type Log = (line: Record<string, unknown>) => void;

/** What every request of one server shares. */
interface ServerContext {
  opts: ApiServerOptions;
  compiled: readonly CompiledRoute[];
  log: Log;
  timeoutMs: number;
  /** The port listened on (known once listening). */
  port: () => number;
}

export async function startApiServer(opts: ApiServerOptions): Promise<ApiServer> {
  let port = opts.port;
  const ctx: ServerContext = {
    opts,
    compiled: opts.routes.map(compileRoute),
    log: opts.log ?? ((line: Record<string, unknown>) => console.log(JSON.stringify(line))),
    timeoutMs: opts.timeoutMs ?? DEFAULT_TIMEOUT_MS,
    port: () => port,
  };

  const server = createServer((req, res) => {
    handleRequest(ctx, req, res).catch((err: unknown) => {
      ctx.log({ level: 'error', message: 'local API server failed', error: errorText(err) });
      if (!res.headersSent) sendJson(res, 500, errorBody('INTERNAL', '服务器内部错误 / Internal error'));
      else res.destroy();
    });
  });

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

/** Answers one request and writes its access-log line (route and status, never content). */
interface Reply {
  /** Set once the request matched a route, for the access log. */
  route(match: RouteMatch): void;
  finish(status: number, headers: Record<string, string | string[]>, body: Buffer | string): void;
  /** The same codes and messages as the handlers' own refusals (shared/src/errors.ts). */
  error(code: ErrorCode): void;
}

function replyTo(
  res: ServerResponse,
  log: Log,
  request: { method: string; requestId: string; startedAt: number; corsHeaders: Record<string, string> },
): Reply {
  const { method, requestId, startedAt, corsHeaders } = request;
  let routeKey: string | null = null;
  let operationId: string | null = null;
  const finish: Reply['finish'] = (status, headers, body) => {
    res.writeHead(status, { ...headers, ...corsHeaders, 'apigw-requestid': requestId });
    res.end(body);
    log({ method, routeKey, operationId, status, ms: Date.now() - startedAt, requestId });
  };
  return {
    route(match) {
      routeKey = match.compiled.routeKey;
      operationId = match.compiled.route.operationId;
    },
    finish,
    error(code) {
      finish(
        ERROR_CATALOGUE[code].status,
        { 'content-type': JSON_TYPE },
        errorBody(code, errorMessage(code)),
      );
    },
  };
}

async function handleRequest(ctx: ServerContext, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const { opts } = ctx;
  const startedAt = Date.now();
  const requestId = randomUUID();
  const line = requestLine(req);
  const corsHeaders = corsResponseHeaders(opts.corsOrigins, req.headers.origin);
  const reply = replyTo(res, ctx.log, { method: line.method, requestId, startedAt, corsHeaders });

  if (
    line.method === 'OPTIONS' &&
    opts.corsOrigins !== undefined &&
    req.headers['access-control-request-method']
  ) {
    await discardBody(req);
    reply.finish(
      204,
      preflightHeaders(
        ctx.compiled.map((c) => c.route.method),
        corsHeaders,
      ),
      '',
    );
    return;
  }

  if (opts.isReady && !opts.isReady()) {
    await discardBody(req);
    reply.finish(
      ERROR_CATALOGUE.STARTING.status,
      { 'content-type': JSON_TYPE, 'retry-after': String(STARTING_RETRY_AFTER_S) },
      errorBody('STARTING', errorMessage('STARTING')),
    );
    return;
  }

  const match = findRoute(ctx.compiled, line.method, line.rawPath);
  if (typeof match === 'string') {
    await discardBody(req);
    reply.error(match);
    return;
  }
  reply.route(match);

  const event = await proxyEvent(req, line, match, { requestId, port: ctx.port() });
  if (event === 'PAYLOAD_TOO_LARGE') {
    reply.error('PAYLOAD_TOO_LARGE');
    return;
  }
  await invokeRoute(ctx, match, event, reply, { requestId, startedAt });
}

/** Runs the route's handler within the integration timeout and answers with what it returned. */
async function invokeRoute(
  ctx: ServerContext,
  match: RouteMatch,
  event: APIGatewayProxyEventV2,
  reply: Reply,
  request: { requestId: string; startedAt: number },
): Promise<void> {
  const { requestId } = request;
  const context = lambdaContext(match.compiled.route.operationId, request.startedAt + ctx.timeoutMs);
  let result: APIGatewayProxyResultV2<object>;
  try {
    result = await withTimeout(match.compiled.route.invoke(event, context), ctx.timeoutMs);
  } catch (err) {
    if (err instanceof IntegrationTimeout) {
      ctx.log({ level: 'error', message: 'handler timed out', operationId: context.functionName, requestId });
      reply.error('INTEGRATION_TIMEOUT');
      return;
    }
    ctx.log({
      level: 'error',
      message: 'handler threw',
      operationId: context.functionName,
      requestId,
      error: errorText(err),
    });
    reply.error('INTERNAL');
    return;
  }

  let response: { status: number; headers: Record<string, string | string[]>; body: Buffer };
  try {
    response = toHttpResponse(result);
  } catch (err) {
    ctx.log({
      level: 'error',
      message: 'bad handler result',
      operationId: context.functionName,
      requestId,
      error: errorText(err),
    });
    reply.error('INTERNAL');
    return;
  }
  reply.finish(response.status, response.headers, response.body);
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
  res.writeHead(status, { 'content-type': JSON_TYPE });
  res.end(body);
}

function errorBody(code: string, message: string): string {
  return JSON.stringify({ error: { code, message } });
}

function errorText(err: unknown): string {
  return err instanceof Error ? (err.stack ?? `${err.name}: ${err.message}`) : String(err);
}
