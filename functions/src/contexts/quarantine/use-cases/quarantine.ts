/** Home quarantine lifecycle: place (a person or a household), extend, release, transfer. */
import {
  addDays,
  DEFAULT_QUARANTINE_DAYS,
  localDate,
  type PlaceQuarantineRequest,
  type Quarantine,
  quarantineSchema,
} from '@grid/shared';
import { canAccessHousehold, rejectMerged } from '../../../lib/auth/access';
import type { Principal } from '../../../lib/auth/tokens';
import { failedConditions } from '../../../lib/dynamo/transactions';
import { AppError } from '../../../lib/errors';
import { newId } from '../../../lib/ids';
import { logger } from '../../../lib/middleware/logger';
import { getHousehold, type HouseholdItem } from '../../households/entities/household';
import { getPersons } from '../../households/entities/person';
import { auditRead } from '../../privacy/use-cases/audit';
import { expireRecordsAfterRelease } from '../../privacy/use-cases/retention';
import {
  endQuarantine,
  extendQuarantine,
  getQuarantine,
  type NewQuarantine,
  placeQuarantines,
  type QuarantineEvent,
  type QuarantineItem,
} from '../entities/quarantine';

export const toQuarantine = (q: NewQuarantine): Quarantine => quarantineSchema.parse(q);

export async function placeQuarantine(
  principal: Principal,
  input: PlaceQuarantineRequest,
  now: Date,
): Promise<{ items: Quarantine[] }> {
  const today = localDate(now);
  const startDate = input.startDate ?? today;
  const plannedEndDate = input.plannedEndDate ?? addDays(startDate, DEFAULT_QUARANTINE_DAYS);
  if (plannedEndDate <= startDate) throw new AppError('PLANNED_END_INVALID');

  // All persons must be in one household the caller may reach; unknown ids look out of scope.
  let household: HouseholdItem | undefined;
  let personIds: string[];
  if (input.householdId) {
    household = await getHousehold(input.householdId);
    personIds = household?.memberIds ?? [];
  } else {
    personIds = [...new Set(input.personIds)];
  }
  const persons = await getPersons(personIds);
  const householdId = household?.householdId ?? persons[0]?.householdId;
  if (
    persons.length === 0 ||
    persons.length !== personIds.length ||
    persons.some((p) => p.householdId !== householdId) ||
    !householdId
  ) {
    throw new AppError('FORBIDDEN_SCOPE');
  }
  household ??= await getHousehold(householdId);
  if (!household || principal.role === 'resident' || !canAccessHousehold(principal, household)) {
    throw new AppError('FORBIDDEN_SCOPE');
  }
  // A merged-away person is never placed: named, it answers PERSON_MERGED; in a household, it is left out.
  if (!input.householdId) await rejectMerged(persons);
  const placed = persons.filter((p) => !(p as { mergedInto?: string }).mergedInto);

  const event: QuarantineEvent = {
    at: now.toISOString(),
    by: principal.userId,
    action: 'placed',
    plannedEndDate,
    ...(input.reasonNote ? { note: input.reasonNote } : {}),
  };
  const items: NewQuarantine[] = placed.map((p) => ({
    quarantineId: newId(now),
    personId: p.personId,
    householdId: p.householdId,
    gridCode: p.gridCode,
    personName: p.name,
    phoneMasked: p.phoneMasked,
    address: household.address,
    status: 'active',
    reason: input.reason,
    reasonNote: input.reasonNote ?? null,
    startDate,
    plannedEndDate,
    transferredTo: null,
    history: [event],
    version: 1,
    createdAt: now.toISOString(),
    checks: null,
    lastTemperature: null,
    lastReportAt: null,
  }));
  try {
    await placeQuarantines(items);
  } catch (err) {
    const failed = failedConditions(err);
    if (!failed) throw err;
    const already = items.filter((_, i) => failed[2 * i]).map((q) => q.personId);
    throw new AppError('ALREADY_QUARANTINED', { personIds: already });
  }
  return { items: items.map(toQuarantine) };
}

/** The quarantine, if the caller may see it (its household, or staff of its grid). */
export async function loadQuarantineInScope(
  principal: Principal,
  quarantineId: string,
): Promise<QuarantineItem> {
  const q = await getQuarantine(quarantineId, true);
  if (!q || !canAccessHousehold(principal, q)) throw new AppError('FORBIDDEN_SCOPE');
  return q;
}

/** Reading a quarantine's file: recorded in the person's access log when staff read it. */
export async function viewQuarantine(
  principal: Principal,
  quarantineId: string,
  now: Date,
): Promise<QuarantineItem> {
  const q = await loadQuarantineInScope(principal, quarantineId);
  await auditRead(principal, [q.personId], now);
  return q;
}

/** Why a conditional change failed: the state moved on (409 INVALID_TRANSITION) or the version did. */
async function explainFailedChange(quarantineId: string, action: string): Promise<never> {
  const fresh = await getQuarantine(quarantineId, true);
  if (fresh && fresh.status !== 'active')
    throw new AppError('INVALID_TRANSITION', { from: fresh.status, action });
  throw new AppError('VERSION_CONFLICT', { currentVersion: fresh?.version });
}

function assertChangeable(q: QuarantineItem, version: number, action: string) {
  if (q.status !== 'active') throw new AppError('INVALID_TRANSITION', { from: q.status, action });
  if (q.version !== version) throw new AppError('VERSION_CONFLICT', { currentVersion: q.version });
}

export async function extend(
  principal: Principal,
  quarantineId: string,
  input: { plannedEndDate: string; note?: string | undefined; version: number },
  now: Date,
): Promise<Quarantine> {
  const q = await loadQuarantineInScope(principal, quarantineId);
  assertChangeable(q, input.version, 'extend');
  if (input.plannedEndDate <= q.plannedEndDate) throw new AppError('PLANNED_END_INVALID');
  const event: QuarantineEvent = {
    at: now.toISOString(),
    by: principal.userId,
    action: 'extended',
    plannedEndDate: input.plannedEndDate,
    ...(input.note ? { note: input.note } : {}),
  };
  if (!(await extendQuarantine(quarantineId, input.version, input.plannedEndDate, event))) {
    return explainFailedChange(quarantineId, 'extend');
  }
  return toQuarantine({
    ...q,
    plannedEndDate: input.plannedEndDate,
    history: [...q.history, event],
    version: q.version + 1,
  });
}

/**
 * The release stands even if stamping fails (a retried release would only answer 409): the error
 * is logged and the region's closure marks the records later.
 */
async function expireRecordsAfterReleaseSafely(q: QuarantineItem, now: Date): Promise<void> {
  try {
    await expireRecordsAfterRelease(q, now);
  } catch (err) {
    logger.error('retention stamping after release failed', {
      quarantineId: q.quarantineId,
      error: (err as Error).name,
    });
  }
}

export async function end(
  principal: Principal,
  quarantineId: string,
  input: { to?: 'centralized' | 'hospital'; note?: string | undefined; version: number },
  now: Date,
): Promise<Quarantine> {
  const action = input.to ? 'transfer' : 'release';
  const q = await loadQuarantineInScope(principal, quarantineId);
  assertChangeable(q, input.version, action);
  const event: QuarantineEvent = {
    at: now.toISOString(),
    by: principal.userId,
    action: input.to ? 'transferred' : 'released',
    ...(input.to ? { to: input.to } : {}),
    ...(input.note ? { note: input.note } : {}),
  };
  const status = input.to ? 'transferred' : 'released';
  if (!(await endQuarantine(q, input.version, status, input.to ?? null, event))) {
    return explainFailedChange(quarantineId, action);
  }
  if (status === 'released') await expireRecordsAfterReleaseSafely(q, now);
  return toQuarantine({
    ...q,
    status,
    transferredTo: input.to ?? null,
    history: [...q.history, event],
    version: q.version + 1,
  });
}
