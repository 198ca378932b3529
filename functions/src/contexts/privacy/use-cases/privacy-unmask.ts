/**
 * Break the glass: a staff member in scope sees a person's full ID number and phone only after
 * saying why. The reason goes into the person's access log before anything is revealed, so the
 * resident reads it at GET /v1/me/access-log.
 */
import type { UnmaskedPerson, UnmaskRequest } from '@grid/shared';
import { loadPersonInScope } from '../../../lib/auth/access';
import type { Principal } from '../../../lib/auth/tokens';
import { decryptField } from '../../../lib/crypto/personal-data';
import { auditRead } from './audit';

export async function unmaskPerson(
  principal: Principal,
  personId: string,
  input: UnmaskRequest,
  now: Date,
): Promise<UnmaskedPerson> {
  const person = await loadPersonInScope(principal, personId);
  await auditRead(principal, [personId], now, { reason: input.reason, purpose: input.purpose });
  return {
    personId,
    name: person.name,
    idNumber: decryptField(person.idNumberEnc),
    phone: person.phoneEnc ? decryptField(person.phoneEnc) : null,
    purpose: input.purpose,
    recordedAt: now.toISOString(),
  };
}
