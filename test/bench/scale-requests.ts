/**
 * The requests a scale's scenarios send to the local API: signing in, one call at a time (`send`),
 * and the request of each scenario (check-in, pending page, quarantine board, dashboard, supply
 * create and accept, verification) as autocannon and the mixed workload take them.
 */
import type { SampleHousehold } from './city';
import { SUPPLY_BODY } from './floor-items';
import type { HttpRequest } from './load';

/** A resident of the sample households, signed in (its household owner's token). */
export interface BenchPerson {
  personId: string;
  gridCode: string;
  householdId: string;
  token: string;
}

export function apiCalls(api: string) {
  const post = async (path: string, body: unknown, headers: Record<string, string> = {}) => {
    const res = await fetch(`${api}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      body: JSON.stringify(body),
    });
    return { status: res.status, body: (await res.json()) as Record<string, unknown> };
  };
  const login = async (openid: string): Promise<string> => {
    const res = await post('/v1/auth/wechat', { code: `test:${openid}` });
    if (res.status !== 200) throw new Error(`login ${openid}: ${res.status}`);
    return String(res.body.token);
  };
  /** One request; a non-2xx answer throws. */
  const send = async (r: HttpRequest) => {
    const res = await fetch(`${api}${r.path}`, {
      method: r.method,
      headers: { ...r.headers, ...(r.body ? { 'content-type': 'application/json' } : {}) },
      ...(r.body ? { body: JSON.stringify(r.body) } : {}),
    });
    const text = await res.text();
    if (res.status >= 300)
      throw new Error(`${r.method} ${r.path.split('?')[0]}: ${res.status} ${text.slice(0, 200)}`);
    return JSON.parse(text) as Record<string, unknown>;
  };
  return { post, login, send };
}

export type ApiCalls = ReturnType<typeof apiCalls>;

/** Each scenario's request, the gridworker's token (`gwAuth`) and the residents' (`tokens`) on it. */
export function requestBuilders(gwAuth: Record<string, string>, tokens: Map<string, string>) {
  return {
    checkin: (p: { personId: string; token: string }, key: string): HttpRequest => ({
      method: 'POST',
      path: `/v1/persons/${p.personId}/health-reports`,
      headers: { authorization: `Bearer ${p.token}`, 'idempotency-key': key },
      body: { temperature: 36.5, symptoms: [] },
    }),
    pendingPage: (grid: string): HttpRequest => ({
      method: 'GET',
      path: `/v1/grids/${grid}/pending?type=health&limit=20`,
      headers: gwAuth,
    }),
    board: (grid: string): HttpRequest => ({
      method: 'GET',
      path: `/v1/grids/${grid}/quarantine-board`,
      headers: gwAuth,
    }),
    createSupply: (h: SampleHousehold, key: string): HttpRequest => ({
      method: 'POST',
      path: `/v1/households/${h.householdId}/supply-requests`,
      headers: { authorization: `Bearer ${tokens.get(h.householdId)}`, 'idempotency-key': key },
      body: SUPPLY_BODY,
    }),
    verify: (submissionId: string): HttpRequest => ({
      method: 'POST',
      path: `/v1/submissions/${submissionId}/verify`,
      headers: gwAuth,
      body: { decision: 'confirmed', method: 'phone' },
    }),
    accept: (requestId: string): HttpRequest => ({
      method: 'POST',
      path: `/v1/supply-requests/${requestId}/accept`,
      headers: gwAuth,
    }),
  };
}

export type RequestBuilders = ReturnType<typeof requestBuilders>;

/** The centre dashboard's request (the manifest's getRegionStats path), as the city admin. */
export function dashboardRequest(statsPath: string, adminAuth: Record<string, string>) {
  return (code: string): HttpRequest => ({
    method: 'GET',
    path: statsPath.replace('{code}', code),
    headers: adminAuth,
  });
}

/** `fn` over `items`, at most `limit` at a time, results in order. */
export async function mapLimit<T, R>(
  items: readonly T[],
  limit: number,
  fn: (item: T) => Promise<R>,
): Promise<R[]> {
  const out: R[] = new Array(items.length);
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(limit, items.length) }, async () => {
      while (next < items.length) {
        const i = next++;
        out[i] = await fn(items[i]!);
      }
    }),
  );
  return out;
}
