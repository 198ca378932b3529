/** Door-to-door screening of households, and places (shops, workplaces) with their screenings. */

import type {
  createPlaceRequestSchema,
  placeSchema,
  placeScreeningRequestSchema,
  placeScreeningSchema,
} from '@grid/shared';
import { localDate, type RecordVisitRequest, type Visit, type VisitOutcome } from '@grid/shared';
import type { z } from 'zod';
import { assertGridAccess, canAccessGrid } from '../../../lib/auth/access';
import type { Principal } from '../../../lib/auth/tokens';
import { AppError } from '../../../lib/errors';
import { type Claimed, requestHash } from '../../../lib/idempotency';
import { newId } from '../../../lib/ids';
import { getGrid } from '../../hierarchy/entities/grid';
import { getHousehold } from '../../households/entities/household';
import { getPlace, listPlacesOfGrid, type PlaceItem, putPlace } from '../entities/place';
import { type PlaceScreeningItem, recordPlaceScreeningOnce } from '../entities/place-screening';
import { listScreenedHouseholdsOfDay } from '../entities/screened-day';
import { recordVisitOnce, type VisitItem } from '../entities/visit';

function toVisit(v: VisitItem): Visit {
  return {
    visitId: v.visitId,
    householdId: v.householdId,
    gridCode: v.gridCode,
    date: v.date,
    outcome: v.outcome,
    note: v.note,
    personIdsSeen: v.personIdsSeen,
    visitedBy: v.visitedBy,
    visitedAt: v.visitedAt,
  };
}

/**
 * A gridworker (or centre) records a door visit; the household counts as screened that Shanghai
 * day. The Idempotency-Key is in the visit's key (claimed with it): a retry answers the original visit.
 */
export async function recordVisit(
  principal: Principal,
  householdId: string,
  input: RecordVisitRequest,
  idempotencyKey: string,
  now: Date,
): Promise<Claimed<Visit>> {
  const household = await getHousehold(householdId);
  if (!household || !canAccessGrid(principal, household.gridCode)) throw new AppError('FORBIDDEN_SCOPE');
  const seen = [...new Set(input.personIdsSeen ?? [])];
  if (seen.some((id) => !household.memberIds.includes(id))) {
    throw new AppError('VALIDATION_FAILED', {
      issues: [{ path: 'body.personIdsSeen', message: 'NOT_A_MEMBER' }],
    });
  }
  if (input.outcome !== 'present' && seen.length > 0) {
    throw new AppError('VALIDATION_FAILED', {
      issues: [{ path: 'body.personIdsSeen', message: 'ONLY_WHEN_PRESENT' }],
    });
  }
  const date = localDate(now);
  const hash = requestHash({ householdId, ...input, personIdsSeen: seen });
  const visit: VisitItem = {
    type: 'VISIT',
    visitId: newId(now),
    householdId,
    gridCode: household.gridCode,
    date,
    outcome: input.outcome,
    note: input.note ?? null,
    personIdsSeen: seen,
    visitedBy: principal.userId,
    visitedAt: now.toISOString(),
    idempotencyKey,
    requestHash: hash,
  };
  const result = await recordVisitOnce(visit, household.address, now);
  return { created: result.created, value: toVisit(result.value) };
}

export async function getGridScreeningDay(
  principal: Principal,
  gridCode: string,
  date: string | undefined,
  now: Date,
) {
  assertGridAccess(principal, gridCode);
  const day = date ?? localDate(now);
  const items = await listScreenedHouseholdsOfDay(gridCode, day);
  const counts: Record<VisitOutcome, number> = { present: 0, absent: 0, refused: 0 };
  for (const item of items) counts[item.outcome]++;
  return {
    gridCode,
    date: day,
    counts,
    households: items.map((i) => ({
      householdId: i.householdId,
      address: i.address,
      outcome: i.outcome,
      visitedAt: i.visitedAt,
      visitedBy: i.visitedBy,
      visits: i.visits,
    })),
  };
}

type Place = z.infer<typeof placeSchema>;
type PlaceScreening = z.infer<typeof placeScreeningSchema>;

function toPlaceScreening(s: Omit<PlaceScreeningItem, 'type'>): PlaceScreening {
  return {
    placeId: s.placeId,
    date: s.date,
    staffPresent: s.staffPresent,
    staffScreened: s.staffScreened,
    abnormal: s.abnormal,
    note: s.note,
    screenedBy: s.screenedBy,
    screenedAt: s.screenedAt,
  };
}

function toPlace(p: PlaceItem): Place {
  return {
    placeId: p.placeId,
    gridCode: p.gridCode,
    gridKind: p.gridKind,
    name: p.name,
    kind: p.kind,
    address: p.address,
    staffCount: p.staffCount,
    lastScreening: p.lastScreening ? toPlaceScreening(p.lastScreening) : null,
    createdAt: p.createdAt,
  };
}

export async function createPlace(
  principal: Principal,
  gridCode: string,
  input: z.infer<typeof createPlaceRequestSchema>,
  now: Date,
): Promise<Place> {
  assertGridAccess(principal, gridCode);
  const grid = await getGrid(gridCode);
  if (!grid) throw new AppError('GRID_UNKNOWN');
  const place: PlaceItem = {
    type: 'PLACE',
    placeId: newId(now),
    gridCode,
    gridKind: grid.kind,
    name: input.name,
    kind: input.kind,
    address: input.address,
    staffCount: input.staffCount,
    createdAt: now.toISOString(),
    createdBy: principal.userId,
    lastScreening: null,
  };
  await putPlace(place);
  return toPlace(place);
}

export async function listPlaces(principal: Principal, gridCode: string) {
  assertGridAccess(principal, gridCode);
  return { items: (await listPlacesOfGrid(gridCode)).map(toPlace) };
}

export async function screenPlace(
  principal: Principal,
  placeId: string,
  input: z.output<typeof placeScreeningRequestSchema>,
  idempotencyKey: string,
  now: Date,
): Promise<Claimed<PlaceScreening>> {
  const place = await getPlace(placeId);
  if (!place || !canAccessGrid(principal, place.gridCode)) throw new AppError('FORBIDDEN_SCOPE');
  if (input.staffScreened > input.staffPresent || input.abnormal > input.staffScreened) {
    throw new AppError('VALIDATION_FAILED', {
      issues: [{ path: 'body.staffScreened', message: 'ABNORMAL_LE_SCREENED_LE_PRESENT' }],
    });
  }
  const date = localDate(now);
  const hash = requestHash({ placeId, ...input });
  const item: PlaceScreeningItem = {
    type: 'PLACE_SCREENING',
    placeId,
    date,
    staffPresent: input.staffPresent,
    staffScreened: input.staffScreened,
    abnormal: input.abnormal,
    note: input.note ?? null,
    screenedBy: principal.userId,
    screenedAt: now.toISOString(),
    idempotencyKey,
    requestHash: hash,
  };
  const result = await recordPlaceScreeningOnce(item, now);
  return { created: result.created, value: toPlaceScreening(result.value) };
}
