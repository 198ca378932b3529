/** The figures centres read (today, trend, drill-down) and the job that repairs counter drift. */
import {
  addDays,
  FLOW_METRICS,
  type Flows,
  GAUGE_METRICS,
  type Gauges,
  localDate,
  type RegionStats,
  townshipOf,
} from '@grid/shared';
import { canSeeFigures } from '../../../lib/auth/access';
import type { Principal } from '../../../lib/auth/tokens';
import { config } from '../../../lib/config';
import { scanTypes } from '../../../lib/dynamo/query';
import { AppError } from '../../../lib/errors';
import { countStreetAlerts } from '../../quarantine/entities/alert';
import { listActiveInGrid } from '../../quarantine/entities/quarantine';
import { countPending } from '../../reporting/entities/submissions';
import { countOpenSupplyRequestsOfGrid } from '../../supply/entities/supply-request';
import { listGridCodesOfCity } from '../entities/grid';
import { listChildRegions } from '../entities/region';
import {
  addToCounter,
  NO_FIGURES,
  readChildrenFigures,
  readFigures,
  readGauges,
  readTrend,
} from '../entities/stats';
import { coalesce, dayContributions, levelsOf } from './stats-events';

function share(part: number, whole: number): number | null {
  return whole > 0 ? Math.round((part / whole) * 1000) / 1000 : null;
}

function statsOf(code: string, date: string, figures: { flows: Flows; gauges: Gauges }): RegionStats {
  return {
    code,
    date,
    ...figures,
    coverage: {
      screenedShare: share(figures.flows.householdsScreened, figures.gauges.households),
      checksDoneShare: share(figures.flows.bothChecksDone, figures.gauges.quarantinedNow),
    },
  };
}

function assertScope(principal: Principal, code: string) {
  if (!canSeeFigures(principal, code)) throw new AppError('FORBIDDEN_SCOPE');
}

/** A region's figures for a day: one BatchGet, whatever the population. */
export async function regionFigures(principal: Principal, code: string, date: string | undefined, now: Date) {
  assertScope(principal, code);
  const day = date ?? localDate(now);
  return statsOf(code, day, await readFigures(code, day));
}

export async function regionTrend(
  principal: Principal,
  code: string,
  days: number,
  to: string | undefined,
  now: Date,
) {
  assertScope(principal, code);
  const last = to ?? localDate(now);
  return { code, days: await readTrend(code, addDays(last, 1 - days), last) };
}

/** Every child of a region (down to grids) with its figures: three queries. */
export async function childFigures(code: string, date: string) {
  const [children, figures] = await Promise.all([listChildRegions(code), readChildrenFigures(code, date)]);
  return children.map((child) => {
    const f = figures.get(child.code);
    return {
      ...statsOf(child.code, date, f ?? NO_FIGURES),
      name: child.name,
      level: child.level,
    };
  });
}

export async function regionChildren(
  principal: Principal,
  code: string,
  date: string | undefined,
  now: Date,
) {
  assertScope(principal, code);
  const day = date ?? localDate(now);
  return { code, date: day, items: await childFigures(code, day) };
}

/** The current levels of one grid, counted from the base records' indexes. */
async function recountGauges(grid: string): Promise<Partial<Gauges>> {
  const street = townshipOf(grid);
  const [pendingHealth, pendingTravel, quarantined, open, acknowledged, supplyOpen] = await Promise.all([
    countPending(grid, 'health'),
    countPending(grid, 'travel'),
    listActiveInGrid(grid),
    countStreetAlerts(street, 'open', grid),
    countStreetAlerts(street, 'acknowledged', grid),
    countOpenSupplyRequestsOfGrid(grid),
  ]);
  return {
    pendingHealth,
    pendingTravel,
    quarantinedNow: quarantined.length,
    openAlerts: open + acknowledged,
    supplyOpen,
  };
}

/**
 * Job: recounts every grid's current levels from the base records and adds the difference to the
 * grid and every level above it, so drift (a lost batch, a bug) is repaired and reported. Households
 * are left to the nightly reconcileStatsDay: counting them needs a scan. Day counts are guarded by
 * per-event markers instead.
 */
export async function reconcileStats(): Promise<{
  grids: number;
  drifted: number;
  drift: Record<string, number>;
}> {
  let grids = 0;
  let drifted = 0;
  const drift: Record<string, number> = {};
  for (const city of config().SERVICE_CITY_CODES) {
    for (const grid of await listGridCodesOfCity(city)) {
      grids++;
      const [counted, stored] = await Promise.all([recountGauges(grid), readGauges(grid)]);
      const deltas: Record<string, number> = {};
      for (const metric of GAUGE_METRICS) {
        const value = counted[metric];
        if (value === undefined) continue;
        const difference = value - stored[metric];
        if (difference !== 0) {
          deltas[metric] = difference;
          drift[metric] = (drift[metric] ?? 0) + difference;
        }
      }
      if (Object.keys(deltas).length === 0) continue;
      drifted++;
      for (const code of levelsOf(grid)) await addToCounter({ code, period: { kind: 'now' }, deltas });
    }
  }
  return { grids, drifted, drift };
}

const RECOUNTED_TYPES = [
  'HEALTH_REPORT',
  'TRAVEL_DECLARATION',
  'QUARANTINE',
  'ALERT',
  'SUPPLY_REQUEST',
  'SCREENED_DAY',
  'CHECKPOINT_ENTRY',
] as const;

/**
 * Job: recounts one day's counts (yesterday by default) from the base records — a parallel scan,
 * run at night — and adds the difference to every stats item of that day, reporting the drift.
 * People with both checks done are left as counted (a quarantine keeps only today's checks). The
 * same scan recounts the households gauge.
 */
export async function reconcileStatsDay(
  date: string,
): Promise<{ date: string; items: number; drifted: number; householdsDrifted: number }> {
  const scanned = await scanTypes([...RECOUNTED_TYPES, 'HOUSEHOLD']);
  const householdsDrifted = await reconcileHouseholds(scanned.filter((item) => item.type === 'HOUSEHOLD'));
  const recounted = coalesce(
    scanned.filter((item) => item.type !== 'HOUSEHOLD').flatMap((item) => dayContributions(item, date)),
  );
  const byCode = new Map(recounted.map((c) => [c.code, c.deltas]));
  // Items that have counts stored but nothing in the recount must go to zero too.
  const codes = new Set(byCode.keys());
  for (const city of config().SERVICE_CITY_CODES) {
    for (const grid of await listGridCodesOfCity(city)) for (const code of levelsOf(grid)) codes.add(code);
  }
  let drifted = 0;
  for (const code of codes) {
    const stored = (await readFigures(code, date)).flows;
    const counted = byCode.get(code) ?? {};
    const deltas: Record<string, number> = {};
    for (const metric of FLOW_METRICS) {
      if (metric === 'bothChecksDone') continue;
      const difference = (counted[metric] ?? 0) - stored[metric];
      if (difference !== 0) deltas[metric] = difference;
    }
    if (Object.keys(deltas).length === 0) continue;
    drifted++;
    await addToCounter({ code, period: { kind: 'day', date }, deltas });
  }
  return { date, items: codes.size, drifted, householdsDrifted };
}

/**
 * The households gauge, recounted from the household items the nightly scan read anyway (the hourly
 * job counts from indexes, and households have none by grid): the difference goes to the grid and
 * every level above. Returns how many grids had drifted.
 */
async function reconcileHouseholds(households: ReadonlyArray<Record<string, unknown>>): Promise<number> {
  const perGrid = new Map<string, number>();
  for (const h of households) perGrid.set(String(h.gridCode), (perGrid.get(String(h.gridCode)) ?? 0) + 1);
  let drifted = 0;
  for (const city of config().SERVICE_CITY_CODES) {
    for (const grid of await listGridCodesOfCity(city)) {
      const difference = (perGrid.get(grid) ?? 0) - (await readGauges(grid)).households;
      if (difference === 0) continue;
      drifted++;
      for (const code of levelsOf(grid))
        await addToCounter({ code, period: { kind: 'now' }, deltas: { households: difference } });
    }
  }
  return drifted;
}
