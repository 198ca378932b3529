/**
 * The keys a few plumbing modules and the bench still call by their old names; each is owned by its
 * entity module (identity's users, households' household and person), which defines it.
 */
import { householdKeys } from '../../contexts/households/entities/household';
import { personKeys } from '../../contexts/households/entities/person';
import { userKeys } from '../../contexts/identity/entities/users';

export const keys = {
  user: userKeys.item,
  openid: userKeys.openid,
  staffPhone: userKeys.staffPhone,
  household: householdKeys.item,
  person: personKeys.item,
  personByIdHash: personKeys.byIdHash,
  gridStaff: userKeys.gridStaff,
} as const;
