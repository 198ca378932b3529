/**
 * The one wrapper every HTTP handler uses: middy with the Powertools logger, JSON body parsing,
 * token authentication and role check, zod validation of params/query/body/headers against the
 * route's manifest entry, and the single mapping of errors to `{ error: { code, message, details } }`.
 * Handlers receive typed input and return `{ status, body }`; they never see API Gateway events.
 */

import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { ERROR_CATALOGUE, type ErrorCode, errorMessage } from '@grid/shared';
import middy, { type MiddlewareObj } from '@middy/core';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2, Context } from 'aws-lambda';
import type { z } from 'zod';
import type { RouteDefinition } from '../../manifest/types';
import { assertAccessCurrent } from '../auth/access-version';
import { type Principal, verifyToken } from '../auth/tokens';
import { clockOverrideAllowed, now, runAt } from '../clock';
import { config } from '../config';
import { AppError } from '../errors';
import { runInRequest } from '../request-context';
import { WeChatError } from '../wechat/wechat-errors';
import { logger } from './logger';
import { checkWriteRate } from './rate-limit';

type Infer<S> = S extends z.ZodType ? z.output<S> : undefined;

export interface HttpRequest<R extends RouteDefinition> {
  params: Infer<R['request']['params']>;
  query: Infer<R['request']['query']>;
  body: Infer<R['request']['body']>;
  /** The validated Idempotency-Key header, when the route declares it. */
  idempotencyKey: string;
  principal: R['auth'] extends 'public' ? Principal | null : Principal;
  requestId: string;
  now: Date;
}

/** A binary answer (a download): sent base64-encoded, as API Gateway expects binary bodies. */
export interface HttpFile {
  contentType: string;
  /** The download's name; non-ASCII names are sent as RFC 5987 `filename*`. */
  filename: string;
  data: Buffer;
}

/** `status` must be one of the route's declared responses (checked at run time). */
export interface HttpResult {
  status: number;
  body: unknown;
  /** When set, the answer is this file instead of the JSON body. */
  file?: HttpFile;
}

/** A claimed write's answer (see lib/idempotency.ts claimedWrite): 201 when it wrote, 200 when it replayed. */
export function createdOrReplayed<T>(result: { created: boolean; value: T }): { status: 200 | 201; body: T } {
  return { status: result.created ? 201 : 200, body: result.value };
}

export interface ParsedEvent extends APIGatewayProxyEventV2 {
  parsed?: {
    params: unknown;
    query: unknown;
    body: unknown;
    idempotencyKey: string;
    principal: Principal | null;
  };
}

const idempotencyKeyPattern = /^[A-Za-z0-9_-]{8,64}$/;

function json(status: number, body: unknown, cacheControl = 'no-store'): APIGatewayProxyStructuredResultV2 {
  return {
    statusCode: status,
    headers: { 'content-type': 'application/json; charset=utf-8', 'cache-control': cacheControl },
    body: JSON.stringify(body),
  };
}

function fileResponse(status: number, file: HttpFile): APIGatewayProxyStructuredResultV2 {
  const ascii = file.filename.replace(/[^\x20-\x7e]|["\\]/g, '_');
  return {
    statusCode: status,
    headers: {
      'content-type': file.contentType,
      'content-disposition': `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(file.filename)}`,
      'cache-control': 'no-store',
    },
    body: file.data.toString('base64'),
    isBase64Encoded: true,
  };
}

function errorResponse(code: ErrorCode, details?: unknown): APIGatewayProxyStructuredResultV2 {
  const error: Record<string, unknown> = { code, message: errorMessage(code) };
  if (details !== undefined) error.details = details;
  return json(ERROR_CATALOGUE[code].status, { error });
}

/**
 * A zod failure becomes one of our codes. Issues come in schema order (zod checks an object's keys in
 * the order the schema declares them) and the first one decides: its domain code when its message is
 * one, otherwise VALIDATION_FAILED; every issue is listed in `details` with its field path.
 */
function validationError(where: string, error: z.ZodError): AppError {
  const issues = error.issues.map((i) => ({
    path: [where, ...i.path.map(String)].join('.'),
    issue: i.code,
    message: i.message,
    ...(i.code === 'unrecognized_keys' ? { keys: i.keys } : {}),
  }));
  const first = error.issues[0]?.message ?? '';
  return new AppError(first in ERROR_CATALOGUE ? (first as ErrorCode) : 'VALIDATION_FAILED', { issues });
}

function parseWith(where: string, schema: z.ZodType | undefined, value: unknown): unknown {
  if (!schema) return undefined;
  const result = schema.safeParse(value);
  if (!result.success) throw validationError(where, result.error);
  return result.data;
}

const STORAGE_ERROR_NAMES = new Set([
  'TimeoutError',
  'RequestTimeout',
  'InternalServerError',
  'ServiceUnavailable',
]);
/** DynamoDB refused the load (the SDK retried these with backoff first). */
const THROTTLING_ERROR_NAMES = new Set([
  'ProvisionedThroughputExceededException',
  'ThrottlingException',
  'RequestLimitExceeded',
]);
const NETWORK_ERROR_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EPIPE',
  'EHOSTUNREACH',
  'ENOTFOUND',
]);

/** DynamoDB could not be reached or did not answer in time, after the SDK's retries. */
function isStorageUnavailable(err: unknown): boolean {
  if (!(err instanceof Error)) return false;
  const code = (err as { code?: unknown }).code;
  return STORAGE_ERROR_NAMES.has(err.name) || (typeof code === 'string' && NETWORK_ERROR_CODES.has(code));
}

/** Why DynamoDB cancels a transaction when a retry may well get through: nothing of it was written. */
const BUSY_CANCELLATION_CODES = new Set(['ThrottlingError', 'TransactionConflict']);

/**
 * DynamoDB throttled the request after the SDK's retries, or cancelled a transaction for throttling
 * or for a conflicting transaction on one of its items (two sends of one Idempotency-Key at the same
 * moment: the retry then finds the other's claim and answers its original).
 */
function isStorageThrottled(err: unknown): boolean {
  if (!(err instanceof Error)) return false;
  if (THROTTLING_ERROR_NAMES.has(err.name)) return true;
  const reasons = (err as { CancellationReasons?: Array<{ Code?: string }> }).CancellationReasons;
  return (
    err.name === 'TransactionCanceledException' &&
    Array.isArray(reasons) &&
    reasons.some((r) => BUSY_CANCELLATION_CODES.has(r.Code ?? '')) &&
    reasons.every(
      (r) => BUSY_CANCELLATION_CODES.has(r.Code ?? '') || r.Code === 'None' || r.Code === undefined,
    )
  );
}

function errorMiddleware(
  route: RouteDefinition,
): MiddlewareObj<ParsedEvent, APIGatewayProxyStructuredResultV2> {
  return {
    onError: async (request) => {
      const err = request.error;
      if (err instanceof AppError) {
        logger.info('request refused', { operation: route.operationId, code: err.code, status: err.status });
        request.response = errorResponse(err.code, err.details);
        const retryAfter = (err.details as { retryAfterSeconds?: number } | undefined)?.retryAfterSeconds;
        if (retryAfter)
          request.response.headers = { ...request.response.headers, 'retry-after': String(retryAfter) };
      } else if (isStorageThrottled(err)) {
        // Each write is one conditional request or one transaction: it happened whole or not at
        // all, and a retry with the same Idempotency-Key answers the original if it happened.
        logger.warn('storage throttled', { operation: route.operationId, error: err as Error });
        request.response = errorResponse('STORAGE_BUSY');
        request.response.headers = { ...request.response.headers, 'retry-after': '2' };
      } else if (isStorageUnavailable(err)) {
        // As above: whole or not at all (an unanswered write may still have happened), so retry is safe.
        logger.error('storage unavailable', { operation: route.operationId, error: err as Error });
        request.response = errorResponse('STORAGE_UNAVAILABLE');
        request.response.headers = { ...request.response.headers, 'retry-after': '5' };
      } else if (err instanceof WeChatError) {
        logger.warn('wechat call failed', {
          operation: route.operationId,
          kind: err.kind,
          errcode: err.wechatErrcode,
        });
        request.response = errorResponse(
          err.kind === 'CODE_INVALID'
            ? 'WECHAT_CODE_INVALID'
            : err.kind === 'PHONE_CODE_INVALID'
              ? 'WECHAT_PHONE_CODE_INVALID'
              : 'WECHAT_UNAVAILABLE',
        );
      } else {
        // Only the error's name, message and stack: never the event, which holds personal data.
        logger.error('unhandled error', { operation: route.operationId, error: err as Error });
        request.response = errorResponse('INTERNAL');
      }
    },
  };
}

function inputMiddleware(
  route: RouteDefinition,
): MiddlewareObj<ParsedEvent, APIGatewayProxyStructuredResultV2> {
  return {
    before: async (request) => {
      const event = request.event;
      const headers = event.headers ?? {};

      let principal: Principal | null = null;
      if (route.auth !== 'public') {
        const header = headers.authorization ?? '';
        const match = /^Bearer\s+(\S+)$/i.exec(header);
        if (!match?.[1]) throw new AppError('UNAUTHENTICATED');
        principal = await verifyToken(match[1]);
        if (!route.auth.roles.includes(principal.role)) throw new AppError('FORBIDDEN_ROLE');
        if (route.method !== 'GET') checkWriteRate(principal);
      }

      let body: unknown;
      if (route.request.body) {
        const contentType = headers['content-type'] ?? '';
        if (!/^application\/json\b/i.test(contentType)) throw new AppError('UNSUPPORTED_MEDIA_TYPE');
        const raw = event.isBase64Encoded
          ? Buffer.from(event.body ?? '', 'base64').toString('utf8')
          : event.body;
        try {
          body = JSON.parse(raw ?? '');
        } catch {
          throw new AppError('INVALID_JSON');
        }
      }

      let idempotencyKey = '';
      if (route.request.headers?.includes('idempotency-key')) {
        idempotencyKey = headers['idempotency-key'] ?? '';
        if (!idempotencyKey) throw new AppError('IDEMPOTENCY_KEY_REQUIRED');
        if (!idempotencyKeyPattern.test(idempotencyKey)) {
          throw new AppError('VALIDATION_FAILED', {
            issues: [
              {
                path: 'headers.idempotency-key',
                issue: 'invalid_format',
                message: 'IDEMPOTENCY_KEY_INVALID',
              },
            ],
          });
        }
      }

      event.parsed = {
        principal,
        idempotencyKey,
        params: parseWith('params', route.request.params, event.pathParameters ?? {}),
        query: parseWith('query', route.request.query, event.queryStringParameters ?? {}),
        body: parseWith('body', route.request.body, body),
      };
      // Last, after the checks that need no read: a revoked token is refused before any use case runs.
      if (principal) await assertAccessCurrent(principal, requestTime(event).getTime());
    },
  };
}

/**
 * The write audit: who (user, role), what (operation and the ids it named), when and which request,
 * for every write that succeeded — one structured log line, kept with the function's logs (their
 * retention is the audit's). Only ids go in (path parameters named …Id or …Code), never bodies:
 * bodies carry ID numbers and phones. Reads of a person's file are audited in the table instead,
 * because the resident is shown them (GET /v1/me/access-log).
 */
function recordWrite(
  route: RouteDefinition,
  parsed: NonNullable<ParsedEvent['parsed']>,
  status: number,
  requestId: string,
  at: Date,
): void {
  const params = (parsed.params ?? {}) as Record<string, unknown>;
  const targets = Object.fromEntries(
    Object.entries(params).filter(([k, v]) => /(Id|Code)$/.test(k) && typeof v === 'string'),
  );
  logger.info('write recorded', {
    audit: {
      byUserId: parsed.principal?.userId ?? null,
      byRole: parsed.principal?.role ?? 'public',
      operation: route.operationId,
      targets,
      status,
      requestId,
      at: at.toISOString(),
    },
  });
}

/** The real time, or (local runtime tests only) the instant named by the x-local-now header. */
function requestTime(event: APIGatewayProxyEventV2): Date {
  const header = event.headers?.['x-local-now'];
  if (header && clockOverrideAllowed()) {
    const at = new Date(header);
    if (!Number.isNaN(at.getTime())) return at;
  }
  return now();
}

export function httpHandler<const R extends RouteDefinition>(
  route: R,
  impl: (request: HttpRequest<NoInfer<R>>) => Promise<HttpResult>,
) {
  config(); // fail fast at cold start on bad configuration

  const core = async (event: ParsedEvent, context: Context): Promise<APIGatewayProxyStructuredResultV2> => {
    const parsed = event.parsed;
    if (!parsed) throw new Error('input middleware did not run');
    const at = requestTime(event);
    const result = await runInRequest(
      { operationId: route.operationId, requestId: context.awsRequestId },
      () => runAt(at, () => impl({ ...parsed, requestId: context.awsRequestId, now: at } as HttpRequest<R>)),
    );
    if (!(result.status in route.responses)) throw new Error(`undeclared status ${result.status}`);
    if (route.method !== 'GET') recordWrite(route, parsed, result.status, context.awsRequestId, at);
    return result.file
      ? fileResponse(result.status, result.file)
      : json(result.status, result.body, route.cacheControl);
  };

  return middy<ParsedEvent, APIGatewayProxyStructuredResultV2>()
    .use(injectLambdaContext(logger, { resetKeys: true }))
    .use(errorMiddleware(route))
    .use(inputMiddleware(route))
    .handler(core);
}
