/** A small HTTP client for the API tests: real requests, real tokens, no shortcuts. */
import { randomUUID } from 'node:crypto';
import { type LoginResponse, loginResponseSchema } from '@grid/shared';
import { inject } from 'vitest';

export const stack = () => inject('stack');

export interface ApiResponse<T = unknown> {
  status: number;
  body: T;
  headers: Headers;
}

export interface ApiOptions {
  token?: string;
  body?: unknown;
  rawBody?: string;
  headers?: Record<string, string>;
}

/** A request to the shared test stack's API. */
export function api<T = unknown>(
  method: string,
  path: string,
  opts: ApiOptions = {},
): Promise<ApiResponse<T>> {
  return apiAt<T>(stack().apiUrl, method, path, opts);
}

/** A request to the API at `baseUrl` (a test file's own stack). */
export async function apiAt<T = unknown>(
  baseUrl: string,
  method: string,
  path: string,
  opts: ApiOptions = {},
): Promise<ApiResponse<T>> {
  const headers: Record<string, string> = { ...opts.headers };
  if (opts.token) headers.authorization = `Bearer ${opts.token}`;
  let body: string | undefined;
  if (opts.rawBody !== undefined) body = opts.rawBody;
  else if (opts.body !== undefined) body = JSON.stringify(opts.body);
  if (body !== undefined && !Object.keys(headers).some((h) => h.toLowerCase() === 'content-type')) {
    headers['content-type'] = 'application/json';
  }
  const res = await fetch(`${baseUrl}${path}`, { method, headers, body });
  const text = await res.text();
  return { status: res.status, body: (text ? JSON.parse(text) : null) as T, headers: res.headers };
}

export const newKey = () => randomUUID().replaceAll('-', '');

/** Signs in through the fake WeChat with a `test:<openid>` code. */
export async function login(openid: string): Promise<LoginResponse> {
  const res = await api('POST', '/v1/auth/wechat', { body: { code: `test:${openid}` } });
  if (res.status !== 200)
    throw new Error(`login ${openid} failed: ${res.status} ${JSON.stringify(res.body)}`);
  return loginResponseSchema.parse(res.body);
}

/** Waits until the stream consumers have processed everything written so far. */
export async function drainStreams(): Promise<void> {
  const res = await fetch(`${stack().controlUrl}/streams/drain`, { method: 'POST' });
  if (!res.ok) throw new Error(`drain failed: ${await res.text()}`);
}

/** Runs a job now, or (`at`, an ISO instant) as if the clock read that instant. */
export async function runSchedule(name: string, at?: string): Promise<void> {
  const query = at ? `?at=${encodeURIComponent(at)}` : '';
  const res = await fetch(`${stack().controlUrl}/schedules/${name}/run${query}`, { method: 'POST' });
  if (!res.ok) throw new Error(`schedule ${name} failed: ${await res.text()}`);
}
