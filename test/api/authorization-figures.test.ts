/**
 * The authorization matrix for figures (issue 15, item 3): status codes are not enough for routes
 * that return counts, so every caller × every level from a grid up to the city × every region and
 * stats route is checked for what the answer holds. One rule: a region's figures reach a caller
 * only when the region lies within one of its scopes; above that, regions may be named (the way
 * down) but carry no figures. Its grids are its own, in two villages of 史口镇 (370502104), a
 * street no other file counts.
 */
import { isWithinAnyScope } from '@grid/shared';
import { decodeJwt } from 'jose';
import { beforeAll, describe, expect, it } from 'vitest';
import { type ApiResponse, api } from './support/client';
import { demo, newGrid, newGridworker, newStaff } from './support/fixtures';

const VILLAGE = '370502104202';
const OTHER_VILLAGE = '370502104203';
const STREET = '370502104';
let G: string;
let G2: string;
const callers = new Map<string, string>();

const scopesOf = (token: string) => decodeJwt(token).scopes as string[];

interface Child {
  code: string;
  counts: Record<string, number> | null;
}

/** What may be in the answer of `route` for `code`, by the caller's scopes; the failures as text. */
function violations(route: string, code: string, scopes: string[], res: ApiResponse): string[] {
  const inScope = isWithinAnyScope(code, scopes);
  if (res.status === 403) return [];
  if (res.status !== 200) return [`${route} ${code}: ${res.status}`];
  if (route !== 'regions') return inScope ? [] : [`${route} ${code}: figures outside the scope`];
  const body = res.body as { inScope: boolean; children: Child[] };
  const out: string[] = [];
  if (body.inScope !== inScope) out.push(`regions ${code}: inScope ${body.inScope}`);
  for (const child of body.children) {
    if (child.counts !== null && !isWithinAnyScope(child.code, scopes))
      out.push(`regions ${code}: figures of ${child.code}`);
  }
  return out;
}

const ROUTES = {
  regions: (code: string) => `/v1/regions/${code}/children`,
  stats: (code: string) => `/v1/stats/${code}`,
  trend: (code: string) => `/v1/stats/${code}/trend?days=2`,
  statsChildren: (code: string) => `/v1/stats/${code}/children`,
};

beforeAll(async () => {
  const admin = await demo('demo-admin');
  const [grid, other] = await Promise.all([newGrid(VILLAGE), newGrid(OTHER_VILLAGE)]);
  [G, G2] = [grid.gridCode, other.gridCode];
  const [gridworker, otherGridworker, centre, otherCentre] = await Promise.all([
    newGridworker(G),
    newGridworker(G2),
    newStaff({ role: 'centre', regionCode: STREET }),
    newStaff({ role: 'centre', regionCode: '370503002' }),
  ]);
  callers.set('gridworker', gridworker.token);
  callers.set('otherGridworker', otherGridworker.token);
  callers.set('centre', centre.token);
  callers.set('otherCentre', otherCentre.token);
  callers.set('admin', admin.token);
}, 60_000);

describe('figures in region and stats answers', () => {
  it('reach each caller only for regions within its scope, at every level', { timeout: 60_000 }, async () => {
    const codes = [G, VILLAGE, STREET, STREET.slice(0, 6), STREET.slice(0, 4)];
    const found: string[] = [];
    const seen = new Map<string, number>();
    await Promise.all(
      [...callers].flatMap(([who, token]) =>
        codes.flatMap((code) =>
          Object.entries(ROUTES).map(async ([route, path]) => {
            const res = await api('GET', path(code), { token });
            seen.set(`${res.status}`, (seen.get(`${res.status}`) ?? 0) + 1);
            for (const v of violations(route, code, scopesOf(token), res)) found.push(`${who}: ${v}`);
          }),
        ),
      ),
    );
    expect(found).toEqual([]);
    // Both kinds of answer were exercised.
    expect(seen.get('200')).toBeGreaterThan(0);
    expect(seen.get('403')).toBeGreaterThan(0);
  });

  it('shows a gridworker its street on the way down to its grid, without the street’s figures', async () => {
    const res = await api('GET', ROUTES.regions(STREET), { token: callers.get('gridworker')! });
    expect(res.status).toBe(200);
    const body = res.body as { inScope: boolean; children: Child[] };
    expect(body.inScope).toBe(false);
    expect(body.children).toEqual([expect.objectContaining({ code: VILLAGE, counts: null })]);
    // The same figures through the stats route: refused alike.
    expect((await api('GET', ROUTES.stats(VILLAGE), { token: callers.get('gridworker')! })).status).toBe(403);
    const grid = await api('GET', ROUTES.regions(VILLAGE), { token: callers.get('gridworker')! });
    const children = (grid.body as { children: Child[] }).children;
    expect(children.find((c) => c.code === G)?.counts).not.toBeNull();
  });
});
