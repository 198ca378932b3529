/**
 * Who may touch what. One rule for staff: a record's grid code must start with one of the
 * caller's scopes. Residents touch only their own household.
 *
 * Unknown ids and ids out of scope answer the same 403 FORBIDDEN_SCOPE, so probing ids tells
 * a caller nothing about what exists outside its scope (docs/architecture.md, "403 or 404").
 */
import { isWithinAnyScope } from '@grid/shared';
import { getPerson, type PersonItem } from '../data/households';
import { AppError } from '../errors';
import type { Principal } from './tokens';

export function canAccessGrid(principal: Principal, gridCode: string): boolean {
  return principal.role !== 'resident' && isWithinAnyScope(gridCode, principal.scopes);
}

export function assertGridAccess(principal: Principal, gridCode: string): void {
  if (!canAccessGrid(principal, gridCode)) throw new AppError('FORBIDDEN_SCOPE');
}

export function canAccessHousehold(
  principal: Principal,
  household: { householdId: string; gridCode: string },
) {
  return principal.role === 'resident'
    ? principal.householdId === household.householdId
    : canAccessGrid(principal, household.gridCode);
}

/** The person, if the caller may see it; otherwise FORBIDDEN_SCOPE whether it exists or not. */
export async function loadPersonInScope(principal: Principal, personId: string): Promise<PersonItem> {
  const person = await getPerson(personId);
  if (!person || !canAccessHousehold(principal, person)) throw new AppError('FORBIDDEN_SCOPE');
  return person;
}
