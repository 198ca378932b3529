/** Households and their members: a resident's own, or registered by a gridworker in its grid. */
import {
  type CreateHouseholdRequest,
  type CreateHouseholdResponse,
  type DuplicateWarning,
  type Household,
  type MemberInput,
  maskIdNumber,
  maskPhone,
  type Person,
  type UpdateMemberRequest,
  validateIdNumber,
} from '@grid/shared';
import { ulid } from 'ulid';
import { assertGridAccess, canAccessHousehold, rejectMerged } from '../../../lib/auth/access';
import { issueToken, type Principal } from '../../../lib/auth/tokens';
import { encryptField, keyedHash } from '../../../lib/crypto/personal-data';
import { failedConditions } from '../../../lib/dynamo/transactions';
import { AppError } from '../../../lib/errors';
import { requestHash, resolveTakenKey } from '../../../lib/idempotency';
import { getGrid } from '../../hierarchy/entities/grid';
import { getUser } from '../../identity/entities/users';
import type { HouseholdItem, PersonItem } from '../entities/households';
import * as households from '../entities/households';
import { findLikelyDuplicates } from './person-identity';

export const MAX_MEMBERS = 20;

export function toPerson(p: PersonItem): Person {
  return {
    personId: p.personId,
    householdId: p.householdId,
    gridCode: p.gridCode,
    name: p.name,
    relation: p.relation,
    idNumberMasked: p.idNumberMasked,
    phoneMasked: p.phoneMasked,
    birthDate: p.birthDate,
    sex: p.sex,
    version: p.version,
    activeQuarantineId: p.activeQuarantineId ?? null,
  };
}

function toHousehold(h: HouseholdItem, members: PersonItem[]): Household {
  return {
    householdId: h.householdId,
    address: h.address,
    gridCode: h.gridCode,
    members: members.map(toPerson),
    createdAt: h.createdAt,
  };
}

function newPerson(m: MemberInput, householdId: string, gridCode: string, now: Date): PersonItem {
  const check = validateIdNumber(m.idNumber, now);
  if (!check.ok) throw new AppError('ID_NUMBER_INVALID', { reason: check.reason });
  return {
    personId: ulid(),
    householdId,
    gridCode,
    name: m.name,
    relation: m.relation,
    idHash: keyedHash('id', m.idNumber),
    idNumberEnc: encryptField(m.idNumber),
    idNumberMasked: maskIdNumber(m.idNumber),
    phoneHash: m.phone ? keyedHash('phone', m.phone) : null,
    phoneEnc: m.phone ? encryptField(m.phone) : null,
    phoneMasked: m.phone ? maskPhone(m.phone) : null,
    birthDate: check.birthDate,
    sex: check.sex,
    version: 1,
    createdAt: now.toISOString(),
  };
}

async function residentSession(principal: Principal, householdId: string, personId: string | null) {
  return issueToken({ ...principal, householdId, personId });
}

/** A resident who already has a household: the same request retried gets it back, anything else 409. */
async function existingHouseholdAnswer(
  principal: Principal,
  householdId: string,
  idempotencyKey: string,
): Promise<{ status: 200; body: CreateHouseholdResponse }> {
  const existing = await households.getHousehold(householdId, true);
  if (!existing || !idempotencyKey || existing.idempotencyKey !== idempotencyKey)
    throw new AppError('HOUSEHOLD_EXISTS');
  const members = await households.getPersons(existing.memberIds);
  const self = members.find((m) => m.relation === 'self');
  return {
    status: 200,
    body: {
      ...toHousehold(existing, members),
      session: await residentSession(principal, householdId, self?.personId ?? null),
    },
  };
}

export async function createHousehold(
  principal: Principal,
  input: CreateHouseholdRequest,
  idempotencyKey: string,
  now: Date,
): Promise<{ status: 200 | 201; body: CreateHouseholdResponse }> {
  if (principal.role === 'resident') {
    if (principal.householdId)
      return existingHouseholdAnswer(principal, principal.householdId, idempotencyKey);
  } else {
    assertGridAccess(principal, input.gridCode);
  }
  if (!(await getGrid(input.gridCode))) throw new AppError('GRID_UNKNOWN');

  const ids = input.members.map((m) => m.idNumber);
  if (new Set(ids).size !== ids.length) {
    throw new AppError('VALIDATION_FAILED', {
      issues: [{ path: 'body.members', message: 'ID_NUMBER_DUPLICATED' }],
    });
  }
  const selfCount = input.members.filter((m) => m.relation === 'self').length;
  if (selfCount > 1) {
    throw new AppError('VALIDATION_FAILED', { issues: [{ path: 'body.members', message: 'ONE_SELF_ONLY' }] });
  }

  const householdId = ulid();
  const persons = input.members.map((m) => newPerson(m, householdId, input.gridCode, now));
  const household: HouseholdItem = {
    householdId,
    address: input.address,
    gridCode: input.gridCode,
    memberIds: persons.map((p) => p.personId),
    memberIdHashes: persons.map((p) => p.idHash),
    createdAt: now.toISOString(),
    createdBy: principal.userId,
    ownerUserId: principal.role === 'resident' ? principal.userId : null,
    idempotencyKey: idempotencyKey || null,
  };
  const selfPersonId = persons.find((p) => p.relation === 'self')?.personId ?? null;
  const linkUser =
    principal.role === 'resident' ? { userId: principal.userId, personId: selfPersonId } : null;

  const staffKey = !linkUser && idempotencyKey ? { userId: principal.userId, idempotencyKey } : undefined;
  try {
    await households.createHousehold(household, persons, linkUser, staffKey);
  } catch (err) {
    const failed = failedConditions(err);
    if (failed?.[0] && staffKey) {
      // The same staff request retried: answer the household it created.
      const existingId = await households.findHouseholdIdByKey(principal.userId, idempotencyKey);
      const existing = existingId ? await households.getHousehold(existingId, true) : undefined;
      if (!existing) throw err;
      if (existing.address !== input.address || existing.gridCode !== input.gridCode) {
        throw new AppError('IDEMPOTENCY_KEY_REUSED');
      }
      const members = await households.getPersons(existing.memberIds);
      return { status: 200, body: { ...toHousehold(existing, members), session: null } };
    }
    if (!failed || !linkUser || !failed[0]) throw err;
    // The user got a household since this token was issued (a retry, or another phone).
    const user = await getUser(principal.userId);
    if (!user?.householdId) throw err;
    return existingHouseholdAnswer(principal, user.householdId, idempotencyKey);
  }
  const session = linkUser ? await residentSession(principal, householdId, selfPersonId) : null;
  // Staff only: telling a resident that someone else holds this phone would leak who does.
  const duplicateWarnings = linkUser ? [] : await findLikelyDuplicates(persons);
  return {
    status: 201,
    body: {
      ...toHousehold(household, persons),
      session,
      ...(duplicateWarnings.length > 0 ? { duplicateWarnings } : {}),
    },
  };
}

export async function getMyHousehold(principal: Principal): Promise<Household> {
  // The user item, not the token, says which household: a token issued before it existed still works.
  const householdId = principal.householdId ?? (await getUser(principal.userId))?.householdId;
  if (!householdId) throw new AppError('NOT_FOUND');
  const household = await households.getHousehold(householdId);
  if (!household) throw new AppError('NOT_FOUND');
  return toHousehold(household, await households.getPersons(household.memberIds));
}

async function loadHouseholdInScope(principal: Principal, householdId: string): Promise<HouseholdItem> {
  const household = await households.getHousehold(householdId);
  if (!household || !canAccessHousehold(principal, household)) throw new AppError('FORBIDDEN_SCOPE');
  return household;
}

/**
 * The member an earlier request under this Idempotency-Key added (a retry: answer it), or
 * undefined when the key is unused; 422 when the key was used to add someone else.
 */
async function memberAddedUnderKey(
  householdId: string,
  idempotencyKey: string,
  hash: string,
): Promise<PersonItem | undefined> {
  const claim = await households.getMemberKey(householdId, idempotencyKey);
  if (!claim) return undefined;
  resolveTakenKey(claim, idempotencyKey, hash, () => new AppError('IDEMPOTENCY_KEY_REUSED'));
  return households.getPerson(claim.personId);
}

export async function addMember(
  principal: Principal,
  householdId: string,
  input: MemberInput,
  idempotencyKey: string,
  now: Date,
): Promise<{ status: 200 | 201; body: Person & { duplicateWarnings?: DuplicateWarning[] } }> {
  const household = await loadHouseholdInScope(principal, householdId);
  const person = newPerson(input, householdId, household.gridCode, now);
  // Fingerprinted from keyed hashes, not the numbers: the key item keeps nothing personal.
  const hash = requestHash({
    householdId,
    name: person.name,
    relation: person.relation,
    idHash: person.idHash,
    phoneHash: person.phoneHash,
  });
  // A refusal may be the retry of the request that filled the household or added its self.
  const refuse = async (refusal: AppError) => {
    const original = await memberAddedUnderKey(householdId, idempotencyKey, hash);
    if (original) return { status: 200 as const, body: toPerson(original) };
    throw refusal;
  };
  if (household.memberIds.length >= MAX_MEMBERS) return refuse(new AppError('HOUSEHOLD_FULL'));
  if (input.relation === 'self') {
    const members = await households.getPersons(household.memberIds);
    if (members.some((m) => m.relation === 'self')) {
      return refuse(
        new AppError('VALIDATION_FAILED', { issues: [{ path: 'body.relation', message: 'ONE_SELF_ONLY' }] }),
      );
    }
  }
  try {
    await households.addMember(
      person,
      MAX_MEMBERS,
      { personId: person.personId, idempotencyKey, requestHash: hash },
      now,
    );
  } catch (err) {
    const failed = failedConditions(err);
    if (!failed) throw err;
    if (failed[0]) {
      const original = await memberAddedUnderKey(householdId, idempotencyKey, hash);
      if (!original) throw err;
      return { status: 200, body: toPerson(original) };
    }
    const fresh = await households.getHousehold(householdId, true);
    throw new AppError(fresh && fresh.memberIds.length >= MAX_MEMBERS ? 'HOUSEHOLD_FULL' : 'PERSON_EXISTS');
  }
  // Staff only, as when registering a household: a resident would learn who else holds a phone.
  const duplicateWarnings = principal.role === 'resident' ? [] : await findLikelyDuplicates([person]);
  return {
    status: 201,
    body: { ...toPerson(person), ...(duplicateWarnings.length > 0 ? { duplicateWarnings } : {}) },
  };
}

export async function updateMember(
  principal: Principal,
  householdId: string,
  personId: string,
  input: UpdateMemberRequest,
): Promise<Person> {
  await loadHouseholdInScope(principal, householdId);
  const person = await households.getPerson(personId);
  if (!person || person.householdId !== householdId) throw new AppError('FORBIDDEN_SCOPE');
  await rejectMerged([person]);
  if (person.version !== input.version)
    throw new AppError('VERSION_CONFLICT', { currentVersion: person.version });
  try {
    const updated = await households.updatePerson(personId, input.version, {
      name: input.name,
      relation: input.relation,
      phone:
        input.phone === undefined
          ? undefined
          : input.phone === null
            ? null
            : {
                hash: keyedHash('phone', input.phone),
                enc: encryptField(input.phone),
                masked: maskPhone(input.phone),
              },
    });
    return toPerson(updated);
  } catch (err) {
    if ((err as Error).name === 'ConditionalCheckFailedException') throw new AppError('VERSION_CONFLICT');
    throw err;
  }
}
