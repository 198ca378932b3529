/** The audit trail of staff reading people's files, and the resident's view of it. */
import { type AccessLog, accessLogSchema } from '@grid/shared';
import type { Principal } from '../../../lib/auth/tokens';
import { AppError } from '../../../lib/errors';
import { currentRequest } from '../../../lib/request-context';
import { getHousehold } from '../../households/entities/household';
import { getPersons } from '../../households/entities/person';
import { getUsersUnordered } from '../../identity/entities/users';
import { listAccesses, recordAccesses } from '../entities/person-access';

/**
 * Records that staff read these persons' files in this request, with the reason when they had to
 * give one. A resident reading its own household is not recorded.
 */
export async function auditRead(
  principal: Principal,
  personIds: readonly string[],
  at: Date,
  why?: { reason: string; purpose: string },
): Promise<void> {
  if (principal.role === 'resident' || personIds.length === 0) return;
  const request = currentRequest();
  await recordAccesses(
    [...new Set(personIds)].map((personId) => ({
      personId,
      at: at.toISOString(),
      byUserId: principal.userId,
      byRole: principal.role,
      action: request?.operationId ?? 'unknown',
      requestId: request?.requestId ?? 'unknown',
      ...why,
    })),
  );
}

/** "Who viewed my record": the latest staff reads of the resident's household members. */
export async function accessLog(principal: Principal): Promise<AccessLog> {
  if (!principal.householdId) throw new AppError('NOT_FOUND');
  const household = await getHousehold(principal.householdId);
  if (!household) throw new AppError('NOT_FOUND');
  const persons = await getPersons(household.memberIds);
  const accesses = (await Promise.all(persons.map((p) => listAccesses(p.personId, 50))))
    .flat()
    .sort((a, b) => b.at.localeCompare(a.at))
    .slice(0, 50);
  const staff = await getUsersUnordered([...new Set(accesses.map((a) => a.byUserId))]);
  const nameOf = new Map(staff.map((u) => [u.userId, u.name]));
  const personName = new Map(persons.map((p) => [p.personId, p.name]));
  return accessLogSchema.parse({
    items: accesses.map((a) => ({
      personId: a.personId,
      personName: personName.get(a.personId) ?? '',
      at: a.at,
      byRole: a.byRole,
      byName: nameOf.get(a.byUserId) ?? '',
      action: a.action,
      reason: a.reason ?? null,
      purpose: a.purpose ?? null,
    })),
  });
}
