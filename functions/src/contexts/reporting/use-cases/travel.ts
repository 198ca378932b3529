import {
  type CreateTravelDeclarationRequest,
  isFutureDate,
  isOlderThanDays,
  isWithinAnyScope,
  type RiskAreas,
  TRAVEL_LOOKBACK_DAYS,
  type TravelDeclaration,
  travelDeclarationSchema,
} from '@grid/shared';
import { loadPersonInScope } from '../../../lib/auth/access';
import type { Principal } from '../../../lib/auth/tokens';
import { AppError } from '../../../lib/errors';
import { type Claimed, requestHash, resolveTakenKey } from '../../../lib/idempotency';
import { isNationalRegion } from '../../hierarchy/regions';
import { assertPrivacyConsent } from '../../privacy/use-cases/privacy-consent';
import { getRiskAreas, putRiskAreas } from '../entities/risk-areas';
import { putTravelDeclaration, submissionId, type TravelDeclarationItem } from '../entities/submissions';
import { reporterKind } from './health-reports';

export async function submitTravelDeclaration(
  principal: Principal,
  personId: string,
  input: CreateTravelDeclarationRequest,
  idempotencyKey: string,
  now: Date,
): Promise<Claimed<TravelDeclaration>> {
  if (isFutureDate(input.departedOn, now) || isFutureDate(input.arrivedOn, now))
    throw new AppError('DATE_IN_FUTURE');
  if (input.arrivedOn < input.departedOn) throw new AppError('ARRIVAL_BEFORE_DEPARTURE');
  // Year 1 or 1900 is no journey of this epidemic; only counties of the national list are origins.
  if (isOlderThanDays(input.departedOn, TRAVEL_LOOKBACK_DAYS, now)) throw new AppError('DATE_TOO_OLD');
  if (!isNationalRegion(input.originCode))
    throw new AppError('REGION_UNKNOWN', { originCode: input.originCode });
  const person = await loadPersonInScope(principal, personId);
  await assertPrivacyConsent(principal);
  const risk = await getRiskAreas();
  const hash = requestHash({ personId, ...input });
  const item: TravelDeclarationItem = {
    type: 'TRAVEL_DECLARATION',
    submissionId: submissionId({ type: 'travel', personId, idempotencyKey }),
    personId,
    gridCode: person.gridCode,
    householdId: person.householdId,
    personName: person.name,
    idNumberMasked: person.idNumberMasked,
    phoneMasked: person.phoneMasked,
    originCode: input.originCode,
    departedOn: input.departedOn,
    arrivedOn: input.arrivedOn,
    transport: input.transport,
    companions: input.companions,
    note: input.note ?? null,
    riskFlagged: isWithinAnyScope(input.originCode, risk.codes),
    createdAt: now.toISOString(),
    reporter: { userId: principal.userId, kind: reporterKind(principal, personId) },
    verification: { status: 'pending' },
    idempotencyKey,
    requestHash: hash,
  };
  // Key-is-identity idempotency, not claimedWrite: the Idempotency-Key is in the declaration's own
  // key, so the conditional put is itself the claim and a retry finds the original in the same call
  // (a claim item would only add a write).
  const result = await putTravelDeclaration(item);
  if (result.created) return { created: true, value: travelDeclarationSchema.parse(item) };
  // The key names the item, so a taken key is always this key: a retry, or a reuse (422).
  const original = resolveTakenKey(
    result.existing,
    idempotencyKey,
    hash,
    () => new AppError('IDEMPOTENCY_KEY_REUSED'),
  );
  return { created: false, value: travelDeclarationSchema.parse(original) };
}

export { getRiskAreas };

export async function replaceRiskAreas(
  principal: Principal,
  input: { codes: string[]; note?: string | undefined },
  now: Date,
): Promise<RiskAreas> {
  const unknown = input.codes.filter((c) => !isNationalRegion(c));
  if (unknown.length > 0) throw new AppError('REGION_UNKNOWN', { codes: unknown.slice(0, 20) });
  const value: RiskAreas = {
    codes: [...new Set(input.codes)].sort(),
    note: input.note ?? null,
    updatedAt: now.toISOString(),
    updatedBy: principal.userId,
  };
  await putRiskAreas(value);
  return value;
}
