import { loadPersonInScope } from '../../../lib/auth/access';
import type { Principal } from '../../../lib/auth/tokens';
import { decryptField } from '../../../lib/crypto/personal-data';
import { auditRead } from '../../privacy/use-cases/audit';
import { getHousehold } from '../entities/household';
import { getPersons } from '../entities/person';

/**
 * The one place a full phone number leaves the table: a staff member in scope, about to call. A
 * person without a phone comes with the numbers of the household's other members who have one.
 */
export async function getPersonContact(principal: Principal, personId: string, now: Date) {
  const person = await loadPersonInScope(principal, personId);
  const household = person.phoneEnc ? undefined : await getHousehold(person.householdId);
  const others = household
    ? (await getPersons(household.memberIds.filter((id) => id !== personId))).filter((m) => m.phoneEnc)
    : [];
  await auditRead(principal, [personId, ...others.map((m) => m.personId)], now);
  return {
    personId,
    name: person.name,
    phone: person.phoneEnc ? decryptField(person.phoneEnc) : null,
    household: others.map((m) => ({
      personId: m.personId,
      name: m.name,
      relation: m.relation,
      phone: decryptField(m.phoneEnc!),
    })),
  };
}
