/**
 * The dashboard's figures add up: every share within 0–100%, and each drill-down row the same
 * figures as the region's own page and its alert list. This file owns 370503100 (a township with no
 * seeded grids): it creates a new grid there on each run, so that grid's figures are what it does,
 * and the street's change only by what it does (a reused stack keeps earlier runs' counts).
 */
import {
  alertListSchema,
  childrenStatsSchema,
  gridSchema,
  localDate,
  localDateTime,
  quarantineListSchema,
  type RegionStats,
  regionChildrenSchema,
  regionStatsSchema,
} from '@grid/shared';
import { beforeAll, describe, expect, it } from 'vitest';
import { api, drainStreams, newKey } from './support/client';
import { demo, expectBody, newGridworker, newHousehold, type StaffSession } from './support/fixtures';

const STREET = '370503100'; // 义和镇: no other test file uses it
let admin: { token: string };
let gridworker: StaffSession;
let grid = '';

const today = localDate(new Date());
const clock = (hhmm: string) => ({ 'x-local-now': localDateTime(today, hhmm).toISOString() });
const stats = async (code: string) =>
  expectBody(await api('GET', `/v1/stats/${code}`, { token: admin.token }), 200, regionStatsSchema);
const children = async (code: string) =>
  expectBody(await api('GET', `/v1/stats/${code}/children`, { token: admin.token }), 200, childrenStatsSchema)
    .items;

function expectShares(s: Pick<RegionStats, 'coverage' | 'code'>) {
  for (const [name, value] of Object.entries(s.coverage)) {
    if (value === null) continue;
    expect(value, `${s.code} ${name}`).toBeGreaterThanOrEqual(0);
    expect(value, `${s.code} ${name}`).toBeLessThanOrEqual(1);
  }
}

beforeAll(async () => {
  admin = await demo('demo-admin');
  const villages = expectBody(
    await api('GET', `/v1/regions/${STREET}/children`, { token: admin.token }),
    200,
    regionChildrenSchema,
  );
  const village = villages.children[0]!.code;
  const created = expectBody(
    await api('POST', '/v1/grids', {
      token: admin.token,
      body: { villageCode: village, kind: 'basic', name: '统计核对网格' },
    }),
    201,
    gridSchema,
  );
  grid = created.gridCode;
  gridworker = await newGridworker(grid);
});

describe('dashboard figures', () => {
  it('keeps 隔离人员两次体温完成占比 within 100% when people leave on their last evening', async () => {
    await drainStreams();
    const streetBefore = await stats(STREET);
    const h = await newHousehold(grid);
    const placed = expectBody(
      await api('POST', '/v1/quarantines', {
        token: gridworker.token,
        body: { householdId: h.household.householdId, reason: 'close_contact' },
        headers: clock('07:00'),
      }),
      201,
      quarantineListSchema,
    );
    for (const m of h.members) {
      for (const hhmm of ['08:00', '16:00']) {
        const r = await api('POST', `/v1/persons/${m.person.personId}/health-reports`, {
          token: h.owner.token,
          body: { temperature: 36.5 },
          headers: { 'idempotency-key': newKey(), ...clock(hhmm) },
        });
        expect(r.status).toBe(201);
      }
    }
    await drainStreams();
    await drainStreams();
    // Two of three are released that evening, after both checks.
    for (const q of placed.items.slice(1)) {
      const released = await api('POST', `/v1/quarantines/${q.quarantineId}/release`, {
        token: gridworker.token,
        body: { note: '期满解除', version: q.version },
        headers: clock('20:00'),
      });
      expect(released.status, JSON.stringify(released.body)).toBe(200);
    }
    await drainStreams();
    const s = await stats(grid);
    expect(s.gauges.quarantinedNow).toBe(1);
    expect(s.flows.bothChecksDone).toBe(1);
    expect(s.coverage.checksDoneShare).toBe(1);
    const street = await stats(STREET);
    expect(street.gauges.quarantinedNow - streetBefore.gauges.quarantinedNow).toBe(1);
    expect(street.flows.bothChecksDone - streetBefore.flows.bothChecksDone).toBe(1);
    expectShares(street);
  });

  it('shows the same counts in a row as on its own page and its alert list, every share within 0–100%', async () => {
    const h = await newHousehold(grid);
    const fever = await api('POST', `/v1/persons/${h.members[0]!.person.personId}/health-reports`, {
      token: h.owner.token,
      body: { temperature: 38.6 },
      headers: { 'idempotency-key': newKey() },
    });
    expect(fever.status).toBe(201);
    await drainStreams();
    await drainStreams();
    const open = expectBody(
      await api('GET', `/v1/alerts?scope=${grid}`, { token: gridworker.token }),
      200,
      alertListSchema,
    );
    expect(open.counts.open).toBe(1);
    const ack = await api('POST', `/v1/alerts/${open.items[0]!.alertId}/acknowledge`, {
      token: gridworker.token,
    });
    expect(ack.status).toBe(200);
    await drainStreams();

    // The street's row in its district is the street's own page; its open alerts are the list's.
    const row = (await children(STREET.slice(0, 6))).find((c) => c.code === STREET)!;
    const page = await stats(STREET);
    expect({ flows: row.flows, gauges: row.gauges, coverage: row.coverage }).toEqual({
      flows: page.flows,
      gauges: page.gauges,
      coverage: page.coverage,
    });
    const alerts = expectBody(
      await api('GET', `/v1/alerts?scope=${STREET}`, { token: admin.token }),
      200,
      alertListSchema,
    );
    expect(row.gauges.openAlerts).toBe(alerts.counts.open + alerts.counts.acknowledged);
    expect((await stats(grid)).gauges.openAlerts).toBe(1);

    // Down to the grid, each row is its region's page.
    const village = grid.slice(0, 12);
    for (const [parent, code] of [
      [STREET, village],
      [village, grid],
    ] as const) {
      const r = (await children(parent)).find((c) => c.code === code)!;
      const p = await stats(code);
      expect([r.flows, r.gauges]).toEqual([p.flows, p.gauges]);
    }

    // No share anywhere on the way down from the city leaves 0–100%.
    for (const code of ['3705', STREET.slice(0, 6), STREET, village]) {
      expectShares(await stats(code));
      for (const c of await children(code)) expectShares(c);
    }
  });
});
