/**
 * Correction requests: a resident says what is wrong about a household member; the grid's staff
 * list the open ones and resolve each once. Resolving records the outcome only: the change itself
 * is made with updateMember (name, relation, phone) or by re-registering the member (ID number),
 * and the note says which.
 */
import {
  type Correction,
  type CorrectionField,
  type CorrectionPage,
  type CreateCorrectionRequest,
  idNumberSchema,
  maskIdNumber,
  maskPhone,
  phoneSchema,
  type ResolveCorrectionRequest,
} from '@grid/shared';
import { assertGridAccess, canAccessGrid } from '../../../lib/auth/access';
import type { Principal } from '../../../lib/auth/tokens';
import { decryptField, encryptField, keyedHash } from '../../../lib/crypto/personal-data';
import { AppError } from '../../../lib/errors';
import { type Claimed, claimedWrite, requestHash } from '../../../lib/idempotency';
import { newId } from '../../../lib/ids';
import { getPerson } from '../../households/entities/person';
import {
  CORRECTION_KEY_CLAIM_TYPE,
  type CorrectionItem,
  type CorrectionKeyClaim,
  correctionId,
  correctionKeys,
  correctionPut,
  getCorrection,
  listHouseholdCorrections,
  listOpenCorrections,
  resolveCorrection,
} from '../entities/correction';
import { auditRead } from './audit';

/** ID numbers and phones must be well-formed; they are kept normalized and shown masked. */
function checkedValue(field: CorrectionField, raw: string): { value: string; masked: string | null } {
  if (field === 'idNumber') {
    const parsed = idNumberSchema.safeParse(raw);
    if (!parsed.success) throw new AppError('ID_NUMBER_INVALID');
    return { value: parsed.data, masked: maskIdNumber(parsed.data) };
  }
  if (field === 'phone') {
    const parsed = phoneSchema.safeParse(raw);
    if (!parsed.success) throw new AppError('PHONE_INVALID');
    return { value: parsed.data, masked: maskPhone(parsed.data) };
  }
  return { value: raw, masked: null };
}

/** A retry's fingerprint without the value in the clear (an unkeyed hash of an ID number can be brute-forced). */
function fingerprint(householdId: string, input: CreateCorrectionRequest, value: string): string {
  const kind = input.field === 'idNumber' ? 'id' : input.field === 'phone' ? 'phone' : 'name-birth';
  return requestHash({ householdId, ...input, proposedValue: keyedHash(kind, `correction:${value}`) });
}

export function toCorrection(item: CorrectionItem): Correction {
  return {
    correctionId: item.correctionId,
    householdId: item.householdId,
    personId: item.personId,
    personName: item.personName,
    gridCode: item.gridCode,
    field: item.field,
    proposedValue: item.proposedValueMasked ?? decryptField(item.proposedValueEnc),
    reason: item.reason,
    status: item.status,
    requestedAt: item.requestedAt,
    requestedBy: item.requestedBy,
    resolution: item.resolution,
  };
}

/** POST /v1/me/corrections: about a member of the resident's own household. */
export async function requestCorrectionOfMember(
  principal: Principal,
  input: CreateCorrectionRequest,
  idempotencyKey: string,
  now: Date,
): Promise<Claimed<Correction>> {
  if (!principal.householdId) throw new AppError('NOT_FOUND');
  const person = await getPerson(input.personId);
  if (!person || person.householdId !== principal.householdId) throw new AppError('FORBIDDEN_SCOPE');
  const { value, masked } = checkedValue(input.field, input.proposedValue);
  const seq = newId(now);
  const item: CorrectionItem = {
    type: 'CORRECTION',
    correctionId: correctionId(person.householdId, seq),
    householdId: person.householdId,
    seq,
    personId: person.personId,
    personName: person.name,
    gridCode: person.gridCode,
    field: input.field,
    proposedValueEnc: encryptField(value),
    proposedValueMasked: masked,
    reason: input.reason,
    status: 'open',
    requestedAt: now.toISOString(),
    requestedBy: { userId: principal.userId, role: principal.role },
    resolution: null,
    idempotencyKey,
    requestHash: fingerprint(person.householdId, input, value),
  };
  return claimedWrite<CorrectionKeyClaim, Correction>({
    claimKey: correctionKeys.claim(item.householdId, idempotencyKey),
    claim: {
      type: CORRECTION_KEY_CLAIM_TYPE,
      correctionId: item.correctionId,
      idempotencyKey,
      requestHash: item.requestHash,
    },
    writes: [correctionPut(item)],
    value: toCorrection(item),
    original: async (claim) => {
      const original = await getCorrection(claim.correctionId);
      return original && toCorrection(original);
    },
    now,
  });
}

/** GET /v1/me/corrections: the household's requests, newest first, with their outcome. */
export async function listMyCorrections(
  principal: Principal,
  query: { limit: number; cursor?: string | undefined },
): Promise<CorrectionPage> {
  if (!principal.householdId) throw new AppError('NOT_FOUND');
  const page = await listHouseholdCorrections(principal.householdId, query.limit, query.cursor);
  return { items: page.items.map(toCorrection), nextCursor: page.nextCursor };
}

/** GET /v1/grids/{gridCode}/corrections: the grid's open requests, oldest first (an audited read). */
export async function listGridCorrections(
  principal: Principal,
  gridCode: string,
  query: { limit: number; cursor?: string | undefined },
  now: Date,
): Promise<CorrectionPage> {
  assertGridAccess(principal, gridCode);
  const page = await listOpenCorrections(gridCode, query.limit, query.cursor);
  await auditRead(
    principal,
    page.items.map((i) => i.personId),
    now,
  );
  return { items: page.items.map(toCorrection), nextCursor: page.nextCursor };
}

/** POST /v1/corrections/{id}/resolve: once; a second resolution answers 409. */
export async function resolveCorrectionRequest(
  principal: Principal,
  id: string,
  input: ResolveCorrectionRequest,
  now: Date,
): Promise<Correction> {
  const item = await getCorrection(id);
  if (!item || !canAccessGrid(principal, item.gridCode)) throw new AppError('FORBIDDEN_SCOPE');
  if (item.status !== 'open') throw new AppError('CORRECTION_ALREADY_RESOLVED', { status: item.status });
  const result = await resolveCorrection(item, {
    outcome: input.outcome,
    note: input.note,
    at: now.toISOString(),
    byUserId: principal.userId,
    byRole: principal.role,
  });
  if (!result.resolved) {
    throw new AppError('CORRECTION_ALREADY_RESOLVED', { status: result.item?.status ?? 'unknown' });
  }
  return toCorrection(result.item);
}
