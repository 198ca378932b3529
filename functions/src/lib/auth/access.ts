/**
 * Who may touch what. One rule for staff: a record's grid code must start with one of the
 * caller's scopes. Residents touch only their own household.
 *
 * Unknown ids and ids out of scope answer the same 403 FORBIDDEN_SCOPE, so probing ids tells
 * a caller nothing about what exists outside its scope (docs/architecture.md, "403 or 404").
 */
import { isWithinAnyScope } from '@grid/shared';
import { getPerson, type PersonItem } from '../../contexts/households/entities/person';
import { AppError } from '../errors';
import type { Principal } from './tokens';

export function canAccessGrid(principal: Principal, gridCode: string): boolean {
  return principal.role !== 'resident' && isWithinAnyScope(gridCode, principal.scopes);
}

/**
 * The one scope rule for figures (counts, totals, trends): a region's figures are shown only when
 * the region lies within one of the caller's scopes. Regions above the scope may be named (for
 * navigation) but never counted: a gridworker sees its grid's figures, not its street's.
 */
export function canSeeFigures(principal: Principal, regionCode: string): boolean {
  return principal.role !== 'resident' && isWithinAnyScope(regionCode, principal.scopes);
}

export function assertGridAccess(principal: Principal, gridCode: string): void {
  if (!canAccessGrid(principal, gridCode)) throw new AppError('FORBIDDEN_SCOPE');
}

export function canAccessHousehold(
  principal: Principal,
  household: { householdId: string; gridCode: string },
) {
  // Staff who are residents too (a resident who bound a staff phone) keep their own household.
  return (
    principal.householdId === household.householdId ||
    (principal.role !== 'resident' && canAccessGrid(principal, household.gridCode))
  );
}

/**
 * The person, if the caller may see it; otherwise FORBIDDEN_SCOPE whether it exists or not. A person
 * merged into another answers 409 PERSON_MERGED naming the survivor: the one rule for every route
 * that takes a person, reads and writes alike (only the person's file follows the pointer itself).
 */
export async function loadPersonInScope(principal: Principal, personId: string): Promise<PersonItem> {
  const person = await getPerson(personId);
  if (!person || !canAccessHousehold(principal, person)) throw new AppError('FORBIDDEN_SCOPE');
  await rejectMerged([person]);
  return person;
}

/** 409 PERSON_MERGED for the first merged-away person, with the survivor at the end of the chain. */
export async function rejectMerged(
  persons: ReadonlyArray<PersonItem & { mergedInto?: string }>,
): Promise<void> {
  const merged = persons.find((p) => p.mergedInto);
  if (!merged?.mergedInto) return;
  let survivor = merged.mergedInto;
  for (let hops = 0; hops < 5; hops++) {
    const next = ((await getPerson(survivor)) as (PersonItem & { mergedInto?: string }) | undefined)
      ?.mergedInto;
    if (!next) break;
    survivor = next;
  }
  throw new AppError('PERSON_MERGED', { personId: merged.personId, mergedInto: survivor });
}
