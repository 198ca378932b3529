/** From a Node request to what a Lambda proxy integration gets (payload format 2.0), and the CORS headers. */
import type { IncomingMessage } from 'node:http';
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { formatClfTime, isTextContentType, lowerCaseHeaders, parseQuery } from './http-event';
import type { RouteMatch } from './http-routes';

/** Lambda's synchronous invocation payload limit. */
export const MAX_EVENT_BODY_BYTES = 6 * 1024 * 1024;
const CORS_ALLOW_HEADERS = [
  'authorization',
  'content-type',
  'idempotency-key',
  'x-request-id',
  'x-local-now',
];
const CORS_EXPOSE_HEADERS = ['x-request-id', 'content-disposition', 'retry-after', 'apigw-requestid'];
const CORS_MAX_AGE_SECONDS = 600;

export interface RequestLine {
  method: string;
  rawPath: string;
  rawQueryString: string;
}

export function requestLine(req: IncomingMessage): RequestLine {
  const method = (req.method ?? 'GET').toUpperCase();
  const target = req.url ?? '/';
  const queryStart = target.indexOf('?');
  const rawPath = queryStart < 0 ? target : target.slice(0, queryStart);
  const rawQueryString = queryStart < 0 ? '' : target.slice(queryStart + 1);
  return { method, rawPath, rawQueryString };
}

/**
 * Reads the body and builds the event API Gateway would hand the route's function; 'PAYLOAD_TOO_LARGE'
 * when the body (base64 encoded, if binary) exceeds Lambda's limit.
 */
export async function proxyEvent(
  req: IncomingMessage,
  line: RequestLine,
  match: RouteMatch,
  ids: { requestId: string; port: number },
): Promise<APIGatewayProxyEventV2 | 'PAYLOAD_TOO_LARGE'> {
  const raw = await readBody(req, MAX_EVENT_BODY_BYTES);
  const headers = lowerCaseHeaders(req.rawHeaders);
  const cookieHeader = headers.cookie;
  delete headers.cookie;
  const isBase64Encoded = raw !== undefined && raw.length > 0 && !isTextContentType(headers['content-type']);
  const body =
    raw === undefined || raw.length === 0 ? undefined : raw.toString(isBase64Encoded ? 'base64' : 'utf8');
  if (raw === undefined || (body !== undefined && Buffer.byteLength(body) > MAX_EVENT_BODY_BYTES)) {
    return 'PAYLOAD_TOO_LARGE';
  }

  const { method, rawPath, rawQueryString } = line;
  const routeKey = match.compiled.routeKey;
  const now = new Date();
  const host = headers.host ?? `127.0.0.1:${ids.port}`;
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
      requestId: ids.requestId,
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
  return event;
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

export async function discardBody(req: IncomingMessage): Promise<void> {
  for await (const _ of req) {
    // Drain so keep-alive connections stay usable.
  }
}

export function corsResponseHeaders(
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

/** A preflight's answer headers: the API's methods and the request headers it takes, if the origin is allowed. */
export function preflightHeaders(
  methods: readonly string[],
  corsHeaders: Record<string, string>,
): Record<string, string> {
  const preflight: Record<string, string> = {};
  if (corsHeaders['access-control-allow-origin']) {
    preflight['access-control-allow-methods'] = [...new Set(methods)].join(',');
    preflight['access-control-allow-headers'] = CORS_ALLOW_HEADERS.join(',');
    preflight['access-control-max-age'] = String(CORS_MAX_AGE_SECONDS);
  }
  return preflight;
}
