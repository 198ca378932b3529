import { loadPersonInScope } from '../auth/access';
import type { Principal } from '../auth/tokens';
import { decryptField } from '../crypto/personal-data';

/** The one place a full phone number leaves the table: a staff member in scope, about to call. */
export async function getPersonContact(principal: Principal, personId: string) {
  const person = await loadPersonInScope(principal, personId);
  return { personId, name: person.name, phone: person.phoneEnc ? decryptField(person.phoneEnc) : null };
}
