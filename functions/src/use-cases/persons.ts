import { loadPersonInScope } from '../auth/access';
import type { Principal } from '../auth/tokens';
import { now } from '../clock';
import { decryptField } from '../crypto/personal-data';
import { auditRead } from './audit';

/** The one place a full phone number leaves the table: a staff member in scope, about to call. */
export async function getPersonContact(principal: Principal, personId: string) {
  const person = await loadPersonInScope(principal, personId);
  await auditRead(principal, [personId], now());
  return { personId, name: person.name, phone: person.phoneEnc ? decryptField(person.phoneEnc) : null };
}
