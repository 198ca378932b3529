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
import { assertGridAccess, canAccessHousehold, rejectMerged } from '../../../lib/auth/access';
import { issueToken, type Principal } from '../../../lib/auth/tokens';
import { encryptField, keyedHash } from '../../../lib/crypto/personal-data';
import { failedConditions } from '../../../lib/dynamo/transactions';
import { AppError } from '../../../lib/errors';
import { type Claimed, claimedWrite, requestHash } from '../../../lib/idempotency';
import { newId } from '../../../lib/ids';
import { getGrid } from '../../hierarchy/entities/grid';
import { getUser, linkUserToNewHouseholdWrite } from '../../identity/entities/users';
import {
  addMemberWrites,
  createResidentHousehold,
  getHousehold,
  getMemberKeyClaim,
  type HouseholdItem,
  type HouseholdKeyClaim,
  householdClaimTypes,
  householdKeys,
  type MemberKeyClaim,
  newHouseholdWrites,
} from '../entities/household';
import { getPerson, getPersons, type PersonItem, updatePerson } from '../entities/person';
import { findLikelyDuplicates } from './person-identity';
import { toHousehold, toPerson } from './person-view';

export const MAX_MEMBERS = 20;

function newPerson(m: MemberInput, householdId: string, gridCode: string, now: Date): PersonItem {
  const check = validateIdNumber(m.idNumber, now);
  if (!check.ok) throw new AppError('ID_NUMBER_INVALID', { reason: check.reason });
  return {
    personId: newId(now),
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

/**
 * What a household request asked, fingerprinted whole: ID numbers and phones enter only as keyed
 * hashes, so the claim and the household item keep nothing personal in the clear.
 */
function householdRequestHash(input: CreateHouseholdRequest): string {
  return requestHash({
    address: input.address,
    gridCode: input.gridCode,
    members: input.members.map((m) => ({
      name: m.name,
      relation: m.relation,
      idHash: keyedHash('id', m.idNumber),
      phoneHash: m.phone ? keyedHash('phone', m.phone) : null,
    })),
  });
}

async function withMembers(household: HouseholdItem) {
  return toHousehold(household, await getPersons(household.memberIds));
}

/**
 * A resident who already has a household: the same request retried under the same key gets it
 * back; another key is 409, the same key with another request 422.
 */
async function existingHouseholdAnswer(
  principal: Principal,
  householdId: string,
  idempotencyKey: string,
  hash: string,
): Promise<Claimed<CreateHouseholdResponse>> {
  const existing = await getHousehold(householdId, true);
  if (!existing || !idempotencyKey || existing.idempotencyKey !== idempotencyKey)
    throw new AppError('HOUSEHOLD_EXISTS');
  // Households written before the fingerprint was kept compare by key alone.
  if (existing.requestHash !== undefined && existing.requestHash !== hash)
    throw new AppError('IDEMPOTENCY_KEY_REUSED');
  const household = await withMembers(existing);
  const self = household.members.find((m) => m.relation === 'self');
  return {
    created: false,
    value: { ...household, session: await residentSession(principal, householdId, self?.personId ?? null) },
  };
}

function checkMembers(input: CreateHouseholdRequest): void {
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
}

/**
 * Registers a household. A resident's own is made once by the link to its user (a retry finds the
 * user linked); a gridworker's through its Idempotency-Key's claim (claimedWrite). Either way a
 * retry must be the same request, compared whole.
 */
export async function createHousehold(
  principal: Principal,
  input: CreateHouseholdRequest,
  idempotencyKey: string,
  now: Date,
): Promise<Claimed<CreateHouseholdResponse>> {
  const hash = householdRequestHash(input);
  if (principal.role === 'resident') {
    if (principal.householdId)
      return existingHouseholdAnswer(principal, principal.householdId, idempotencyKey, hash);
  } else {
    assertGridAccess(principal, input.gridCode);
  }
  if (!(await getGrid(input.gridCode))) throw new AppError('GRID_UNKNOWN');
  checkMembers(input);

  const householdId = newId(now);
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
    requestHash: hash,
  };
  const created = toHousehold(household, persons);

  if (principal.role === 'resident') {
    const selfPersonId = persons.find((p) => p.relation === 'self')?.personId ?? null;
    try {
      await createResidentHousehold(
        household,
        persons,
        linkUserToNewHouseholdWrite(principal.userId, householdId, selfPersonId),
      );
    } catch (err) {
      if (!failedConditions(err)?.[0]) throw err;
      // The user got a household since this token was issued (a retry, or another phone).
      const user = await getUser(principal.userId);
      if (!user?.householdId) throw err;
      return existingHouseholdAnswer(principal, user.householdId, idempotencyKey, hash);
    }
    // Residents get no duplicate warnings: telling one that someone else holds this phone would leak who does.
    return {
      created: true,
      value: { ...created, session: await residentSession(principal, householdId, selfPersonId) },
    };
  }

  const result = await claimedWrite<HouseholdKeyClaim, CreateHouseholdResponse>({
    claimKey: householdKeys.staffKey(principal.userId, idempotencyKey),
    claim: { type: householdClaimTypes.staff, householdId, idempotencyKey, requestHash: hash },
    writes: newHouseholdWrites(household, persons),
    value: { ...created, session: null },
    original: async (claim) => {
      const existing = await getHousehold(claim.householdId, true);
      return existing && { ...(await withMembers(existing)), session: null };
    },
    now,
  });
  if (!result.created) return result;
  const duplicateWarnings = await findLikelyDuplicates(persons);
  return {
    created: true,
    value: { ...result.value, ...(duplicateWarnings.length > 0 ? { duplicateWarnings } : {}) },
  };
}

export async function getMyHousehold(principal: Principal): Promise<Household> {
  // The user item, not the token, says which household: a token issued before it existed still works.
  const householdId = principal.householdId ?? (await getUser(principal.userId))?.householdId;
  if (!householdId) throw new AppError('NOT_FOUND');
  const household = await getHousehold(householdId);
  if (!household) throw new AppError('NOT_FOUND');
  return toHousehold(household, await getPersons(household.memberIds));
}

async function loadHouseholdInScope(principal: Principal, householdId: string): Promise<HouseholdItem> {
  const household = await getHousehold(householdId);
  if (!household || !canAccessHousehold(principal, household)) throw new AppError('FORBIDDEN_SCOPE');
  return household;
}

type AddedMember = Person & { duplicateWarnings?: DuplicateWarning[] };

/**
 * Adds a member under the request's Idempotency-Key (claimedWrite). A refusal found before writing
 * (the household full, a second self) may be the retry of the add that caused it: the key's claim
 * is read first, and a retry gets the member it added.
 */
export async function addMember(
  principal: Principal,
  householdId: string,
  input: MemberInput,
  idempotencyKey: string,
  now: Date,
): Promise<Claimed<AddedMember>> {
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
  const refuse = async (refusal: AppError): Promise<Claimed<AddedMember>> => {
    const claim = await getMemberKeyClaim(householdId, idempotencyKey);
    if (!claim) throw refusal;
    if (claim.requestHash !== hash) throw new AppError('IDEMPOTENCY_KEY_REUSED');
    const original = await getPerson(claim.personId);
    if (!original) throw refusal;
    return { created: false, value: toPerson(original) };
  };
  if (household.memberIds.length >= MAX_MEMBERS) return refuse(new AppError('HOUSEHOLD_FULL'));
  if (input.relation === 'self') {
    const members = await getPersons(household.memberIds);
    if (members.some((m) => m.relation === 'self')) {
      return refuse(
        new AppError('VALIDATION_FAILED', { issues: [{ path: 'body.relation', message: 'ONE_SELF_ONLY' }] }),
      );
    }
  }
  let result: Claimed<AddedMember>;
  try {
    result = await claimedWrite<MemberKeyClaim, AddedMember>({
      claimKey: householdKeys.memberKey(householdId, idempotencyKey),
      claim: {
        type: householdClaimTypes.member,
        personId: person.personId,
        idempotencyKey,
        requestHash: hash,
      },
      writes: addMemberWrites(person, MAX_MEMBERS),
      value: toPerson(person),
      original: async (claim) => {
        const original = await getPerson(claim.personId);
        return original && toPerson(original);
      },
      now,
    });
  } catch (err) {
    if (!failedConditions(err)) throw err;
    // The household's condition: someone else got in first, or the ID number is there already.
    const fresh = await getHousehold(householdId, true);
    throw new AppError(fresh && fresh.memberIds.length >= MAX_MEMBERS ? 'HOUSEHOLD_FULL' : 'PERSON_EXISTS');
  }
  if (!result.created) return result;
  // Staff only, as when registering a household: a resident would learn who else holds a phone.
  const duplicateWarnings = principal.role === 'resident' ? [] : await findLikelyDuplicates([person]);
  return {
    created: true,
    value: { ...result.value, ...(duplicateWarnings.length > 0 ? { duplicateWarnings } : {}) },
  };
}

export async function updateMember(
  principal: Principal,
  householdId: string,
  personId: string,
  input: UpdateMemberRequest,
): Promise<Person> {
  await loadHouseholdInScope(principal, householdId);
  const person = await getPerson(personId);
  if (!person || person.householdId !== householdId) throw new AppError('FORBIDDEN_SCOPE');
  await rejectMerged([person]);
  if (person.version !== input.version)
    throw new AppError('VERSION_CONFLICT', { currentVersion: person.version });
  try {
    const updated = await updatePerson(personId, input.version, {
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
