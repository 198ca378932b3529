/**
 * Regions and grids: importing a city's division codes, drilling down the tree, creating grids
 * under villages, assigning staff to grids and moving households between grids.
 */
import {
  type CreateGridRequest,
  type Grid,
  type ImportRegionsResponse,
  isWithinAnyScope,
  isWithinScope,
  levelOf,
  localDate,
  type MoveHouseholdResponse,
  parentOf,
  type RegionChildren,
  type RegionLevelName,
  type Staff,
} from '@grid/shared';
import { canAccessGrid, canSeeFigures } from '../../../lib/auth/access';
import type { Principal } from '../../../lib/auth/tokens';
import { batchWrite } from '../../../lib/dynamo/batch';
import { AppError } from '../../../lib/errors';
import { mapLimit } from '../../../lib/map-limit';
import { getHousehold, type HouseholdItem } from '../../households/entities/household';
import { getPersons } from '../../households/entities/person';
import { getUser } from '../../identity/entities/users';
import { toStaff } from '../../identity/use-cases/staff';
import { getQuarantines } from '../../quarantine/entities/quarantine';
import {
  type GridRecord,
  getGrid,
  listGridsUnder,
  createGrid as putGrid,
  setGridCovers,
} from '../entities/grid';
import { changeGridStaff } from '../entities/grid-staff';
import { moveHousehold as moveItems } from '../entities/household-move';
import { getRegion, listChildRegions, type RegionItem, regionPutRequest } from '../entities/region';
import { cityRegions, type ImportLevel } from '../regions';
import { childFigures } from './stats';

/** Matches createStaffRequestSchema's gridCodes limit. */
const MAX_GRIDS_PER_STAFF = 20;

/**
 * Writes the city's regions that are missing or renamed, and nothing else: a re-import reads the
 * tree (one query per parent: about 60 for a city) and writes nothing.
 */
export async function importRegions(principal: Principal, cityCode: string): Promise<ImportRegionsResponse> {
  const rows = cityRegions(cityCode);
  // Which cities the repository carries is not a secret: missing data answers before the scope check.
  if (!rows) throw new AppError('REGION_DATA_MISSING', { cityCode });
  if (!isWithinAnyScope(cityCode, principal.scopes)) throw new AppError('FORBIDDEN_SCOPE');

  const parents = [...new Set(rows.map((r) => r.parentCode))];
  const existing = new Map<string, RegionItem>();
  for (const children of await mapLimit(parents, 8, listChildRegions)) {
    for (const child of children) existing.set(child.code, child);
  }
  const changed = rows.filter((r) => {
    const old = existing.get(r.code);
    return !old || old.name !== r.name || old.level !== r.level || old.parentCode !== r.parentCode;
  });
  await batchWrite(changed.map(regionPutRequest));

  const count = (level: ImportLevel) => ({
    total: rows.filter((r) => r.level === level).length,
    written: changed.filter((r) => r.level === level).length,
  });
  return {
    cityCode,
    levels: {
      city: count('city'),
      county: count('county'),
      township: count('township'),
      village: count('village'),
    },
  };
}

/**
 * A region's direct children. Inside the caller's scope: all of them, with today's figures. Above
 * it (a street centre opening its district, a gridworker its village): only the children on the
 * way down to the caller's scope, so navigation works without showing neighbours.
 */
export async function regionChildren(principal: Principal, code: string, now: Date): Promise<RegionChildren> {
  const inScope = isWithinAnyScope(code, principal.scopes);
  const aboveScope = principal.scopes.some((scope) => isWithinScope(scope, code));
  if (principal.role === 'resident' || (!inScope && !aboveScope)) throw new AppError('FORBIDDEN_SCOPE');
  const region = await getRegion(code);
  if (!region) throw new AppError('REGION_UNKNOWN', { code });

  // The live statistics list the children with their figures: one call gives both.
  const children = await childFigures(code, localDate(now));
  const visible = children
    .filter(
      (c) =>
        inScope ||
        isWithinAnyScope(c.code, principal.scopes) ||
        principal.scopes.some((scope) => isWithinScope(scope, c.code)),
    )
    .sort((a, b) => a.code.localeCompare(b.code));
  return {
    code,
    name: region.name,
    level: levelOf(code) as RegionLevelName,
    parentCode: parentOf(code),
    inScope,
    children: visible.map((c) => ({
      code: c.code,
      name: c.name,
      level: (levelOf(c.code) ?? c.level) as RegionLevelName,
      // Above the caller's scope a child is named for the way down, never counted.
      counts: canSeeFigures(principal, c.code) ? { ...c.flows, ...c.gauges } : null,
    })),
  };
}

function toGrid(g: GridRecord): Grid {
  return {
    gridCode: g.gridCode,
    name: g.name,
    kind: g.kind,
    dedicatedKind: g.dedicatedKind ?? null,
    villageCode: g.villageCode,
    covers: g.covers ?? [],
    createdAt: g.createdAt,
  };
}

/**
 * Replaces what a grid covers (estates, buildings, streets); the next cross-match chunk routes by
 * it. A centre or admin covering the grid.
 */
export async function changeGridCovers(
  principal: Principal,
  gridCode: string,
  covers: string[],
): Promise<Grid> {
  await assertGridInScope(principal, gridCode);
  const updated = await setGridCovers(gridCode, [...new Set(covers)]);
  if (!updated) throw new AppError('GRID_UNKNOWN', { gridCode });
  return toGrid(updated);
}

/** The lowest sequence no grid of the village uses, or null when all 999 are taken. */
async function nextFreeSequence(villageCode: string): Promise<number | null> {
  const used = new Set((await listGridsUnder(villageCode)).map((g) => Number(g.gridCode.slice(12))));
  for (let n = 1; n <= 999; n++) if (!used.has(n)) return n;
  return null;
}

/** A basic or dedicated grid under a known village or community in the caller's scope. */
export async function createGrid(principal: Principal, input: CreateGridRequest, now: Date): Promise<Grid> {
  const level = levelOf(input.villageCode);
  if (level === null) throw new AppError('REGION_CODE_INVALID');
  if (level !== 'village') throw new AppError('NOT_A_VILLAGE', { code: input.villageCode, level });
  if (!isWithinAnyScope(input.villageCode, principal.scopes)) throw new AppError('FORBIDDEN_SCOPE');
  if (!(await getRegion(input.villageCode)))
    throw new AppError('REGION_UNKNOWN', { code: input.villageCode });

  // With no sequence given, two creators may pick the same free one: the loser tries the one after
  // (the index it read the free one from may not show the winner's grid yet, so reading again could
  // answer the same number).
  let previous: number | null = null;
  for (let attempt = 0; attempt < 20; attempt++) {
    const sequence: number | null =
      input.sequence ?? (previous === null ? await nextFreeSequence(input.villageCode) : previous + 1);
    if (sequence === null || sequence > 999)
      throw new AppError('GRID_EXISTS', { villageCode: input.villageCode, full: true });
    previous = sequence;
    const grid: GridRecord = {
      gridCode: `${input.villageCode}${String(sequence).padStart(3, '0')}`,
      name: input.name,
      kind: input.kind,
      dedicatedKind: input.dedicatedKind ?? null,
      villageCode: input.villageCode,
      covers: [...new Set(input.covers ?? [])],
      createdAt: now.toISOString(),
    };
    if (await putGrid(grid)) return toGrid(grid);
    if (input.sequence !== undefined) throw new AppError('GRID_EXISTS', { gridCode: grid.gridCode });
  }
  throw new AppError('GRID_EXISTS', { villageCode: input.villageCode });
}

async function assertGridInScope(principal: Principal, gridCode: string): Promise<void> {
  if (!canAccessGrid(principal, gridCode)) throw new AppError('FORBIDDEN_SCOPE');
  if (!(await getGrid(gridCode))) throw new AppError('GRID_UNKNOWN', { gridCode });
}

/**
 * Adds a grid to a gridworker's or volunteer's scopes (and the grid's staff list). Only staff whose
 * grids all lie in the caller's scope (or who have none) can be assigned: a street centre does not
 * take over another street's gridworker. The user's token keeps its scopes until the next sign-in.
 */
export async function assignGridStaff(
  principal: Principal,
  gridCode: string,
  userId: string,
): Promise<Staff> {
  await assertGridInScope(principal, gridCode);
  for (let attempt = 0; attempt < 3; attempt++) {
    const user = await getUser(userId);
    if (!user?.scopes.every((s) => isWithinAnyScope(s, principal.scopes)))
      throw new AppError('FORBIDDEN_SCOPE');
    if ((user.role !== 'gridworker' && user.role !== 'volunteer') || user.disabled)
      throw new AppError('STAFF_UNKNOWN');
    if (user.scopes.includes(gridCode)) return toStaff(user);
    if (user.scopes.length >= MAX_GRIDS_PER_STAFF) throw new AppError('TOO_MANY_GRIDS');
    const scopes = [...user.scopes, gridCode];
    if (await changeGridStaff(user, scopes, { gridCode, action: 'add' })) return toStaff({ ...user, scopes });
  }
  throw new AppError('VERSION_CONFLICT');
}

/** Takes a grid off a staff member; any centre covering the grid may. Idempotent. */
export async function unassignGridStaff(
  principal: Principal,
  gridCode: string,
  userId: string,
): Promise<Staff> {
  await assertGridInScope(principal, gridCode);
  for (let attempt = 0; attempt < 3; attempt++) {
    const user = await getUser(userId);
    if (!user || (user.role !== 'gridworker' && user.role !== 'volunteer'))
      throw new AppError('FORBIDDEN_SCOPE');
    if (!user.scopes.includes(gridCode)) return toStaff(user);
    const scopes = user.scopes.filter((s) => s !== gridCode);
    if (await changeGridStaff(user, scopes, { gridCode, action: 'remove' }))
      return toStaff({ ...user, scopes });
  }
  throw new AppError('VERSION_CONFLICT');
}

/**
 * Moves a household and its persons to another grid. The caller must cover both grids. Reports,
 * declarations and follow-ups are keyed by person, so they follow; active quarantines are re-keyed
 * onto the new grid's board. Pending submissions, open supply requests, tasks and alerts keep the
 * grid they were raised in: the old grid's staff finish what they started.
 */
export async function moveHousehold(
  principal: Principal,
  householdId: string,
  input: { gridCode: string; version?: number | undefined },
): Promise<MoveHouseholdResponse> {
  const household = (await getHousehold(householdId, true)) as
    | (HouseholdItem & { version?: number })
    | undefined;
  if (!household || !canAccessGrid(principal, household.gridCode)) throw new AppError('FORBIDDEN_SCOPE');
  if (!canAccessGrid(principal, input.gridCode)) throw new AppError('FORBIDDEN_SCOPE');
  if (!(await getGrid(input.gridCode))) throw new AppError('GRID_UNKNOWN', { gridCode: input.gridCode });
  const version = household.version ?? 1;
  if (input.version !== undefined && input.version !== version) {
    throw new AppError('VERSION_CONFLICT', { version });
  }
  const persons = await getPersons(household.memberIds);
  const answer = (gridCode: string, v: number, quarantineIds: string[]): MoveHouseholdResponse => ({
    householdId,
    fromGridCode: household.gridCode,
    gridCode,
    version: v,
    personIds: persons.map((p) => p.personId),
    quarantineIds,
  });
  if (input.gridCode === household.gridCode) return answer(household.gridCode, version, []);

  const activeIds = persons
    .map((p) => p.activeQuarantineId)
    .filter((id): id is string => typeof id === 'string');
  const quarantines = (await getQuarantines(activeIds)).filter(
    (q) => q.status === 'active' && q.gridCode === household.gridCode,
  );
  if (!(await moveItems(household, persons, quarantines, input.gridCode)))
    throw new AppError('VERSION_CONFLICT');
  return answer(
    input.gridCode,
    version + 1,
    quarantines.map((q) => q.quarantineId),
  );
}
