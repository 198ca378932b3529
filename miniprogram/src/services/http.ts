import { ERROR_CATALOGUE, type ErrorCode, errorBodySchema } from '@grid/shared';
import Taro from '@tarojs/taro';
import type { z } from 'zod';
import { resolveApiBase } from '../config/api';
import { zh } from '../i18n/zh';

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

export const DEFAULT_TIMEOUT_MS = 15_000;

export interface RequestOptions<S extends z.ZodType> {
  method: HttpMethod;
  /** Starts with /v1/… */
  path: string;
  query?: Record<string, string | number | undefined>;
  body?: unknown;
  idempotencyKey?: string;
  /** Parses the 2xx body; a mismatch is a ResponseShapeError. */
  schema: S;
  /** false for sign-in calls: no token sent, no re-login on 401. */
  auth?: boolean;
  timeoutMs?: number;
}

/** The API answered with an error envelope (or a non-2xx status without one). */
export class ApiError extends Error {
  override readonly name = 'ApiError';
  constructor(
    readonly status: number,
    readonly code: string,
    /** Chinese, from the error catalogue, ready to show. */
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
  }
}

/** No answer at all: offline, DNS, refused, timed out. The only kind worth queueing for later. */
export class NetworkError extends Error {
  override readonly name = 'NetworkError';
  constructor(readonly timedOut: boolean) {
    super(timedOut ? zh.errors.timeout : zh.errors.network);
  }
}

/** A 2xx answer that does not match the shared schema: the app and the API disagree. */
export class ResponseShapeError extends Error {
  override readonly name = 'ResponseShapeError';
  constructor(
    readonly path: string,
    readonly issues: z.ZodError['issues'],
  ) {
    super(zh.errors.badResponse);
  }
}

export interface AuthHooks {
  token(): string | null;
  /** Signs in again without asking the user; resolves true when a new token is stored. */
  relogin(): Promise<boolean>;
  /** Called when a re-login failed or the retried request is refused again. */
  onSignedOut(): void;
}

let authHooks: AuthHooks = { token: () => null, relogin: async () => false, onSignedOut: () => {} };

export function configureAuth(hooks: AuthHooks): void {
  authHooks = hooks;
}

let reloginInFlight: Promise<boolean> | null = null;

/** Several requests may hit 401 together: they share one re-login. */
function reloginOnce(): Promise<boolean> {
  reloginInFlight ??= authHooks
    .relogin()
    .catch(() => false)
    .finally(() => {
      reloginInFlight = null;
    });
  return reloginInFlight;
}

export function messageForCode(code: string, status: number): string {
  return code in ERROR_CATALOGUE ? ERROR_CATALOGUE[code as ErrorCode].zh : zh.errors.unknown(status);
}

function urlFor(path: string, query: RequestOptions<z.ZodType>['query']): string {
  const params = Object.entries(query ?? {})
    .filter((entry): entry is [string, string | number] => entry[1] !== undefined)
    .map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(String(v))}`);
  return `${resolveApiBase()}${path}${params.length > 0 ? `?${params.join('&')}` : ''}`;
}

interface RawResponse {
  statusCode: number;
  data: unknown;
}

async function send(opts: RequestOptions<z.ZodType>, token: string | null): Promise<RawResponse> {
  const header: Record<string, string> = { 'content-type': 'application/json' };
  if (token) header.authorization = `Bearer ${token}`;
  if (opts.idempotencyKey) header['idempotency-key'] = opts.idempotencyKey;
  const timeout = opts.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  try {
    const res = await Taro.request({
      url: urlFor(opts.path, opts.query),
      method: opts.method,
      header,
      timeout,
      dataType: 'json',
      ...(opts.body === undefined ? {} : { data: opts.body as Record<string, unknown> }),
    });
    return { statusCode: res.statusCode, data: res.data };
  } catch (error) {
    // Taro.request rejects only when no HTTP answer arrived (weapp: errMsg "request:fail …").
    const text = error instanceof Error ? error.message : String((error as { errMsg?: string })?.errMsg);
    throw new NetworkError(/timeout|abort/i.test(text));
  }
}

function toApiError(res: RawResponse): ApiError {
  const envelope = errorBodySchema.safeParse(res.data);
  if (!envelope.success) return new ApiError(res.statusCode, 'HTTP_ERROR', zh.errors.unknown(res.statusCode));
  const { code, details } = envelope.data.error;
  return new ApiError(res.statusCode, code, messageForCode(code, res.statusCode), details);
}

/** The 401s that mean the session is gone; others (a bad WeChat phone code) are plain refusals. */
const SESSION_LOST = new Set(['UNAUTHENTICATED', 'TOKEN_EXPIRED', 'TOKEN_INVALID']);

function sessionLost(res: RawResponse): boolean {
  if (res.statusCode !== 401) return false;
  const envelope = errorBodySchema.safeParse(res.data);
  return !envelope.success || SESSION_LOST.has(envelope.data.error.code);
}

/**
 * The one way the app talks to the API: base URL, bearer token, idempotency key, timeout,
 * error envelope → ApiError with a Chinese message, a 401 → one silent re-login and one retry,
 * and the answer parsed with the shared zod schema.
 */
export async function request<S extends z.ZodType>(opts: RequestOptions<S>): Promise<z.infer<S>> {
  const useAuth = opts.auth !== false;
  let res = await send(opts, useAuth ? authHooks.token() : null);
  if (useAuth && sessionLost(res)) {
    if (await reloginOnce()) res = await send(opts, authHooks.token());
    if (sessionLost(res)) authHooks.onSignedOut();
  }
  if (res.statusCode < 200 || res.statusCode >= 300) throw toApiError(res);
  const parsed = opts.schema.safeParse(res.data);
  if (!parsed.success) throw new ResponseShapeError(opts.path, parsed.error.issues);
  return parsed.data;
}

/** What to show for any error a request may throw. */
export function describeError(error: unknown): string {
  if (error instanceof ApiError || error instanceof NetworkError || error instanceof ResponseShapeError) {
    return error.message;
  }
  return error instanceof Error ? error.message : String(error);
}
