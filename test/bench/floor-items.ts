/**
 * The items the floors write with the app's own repository functions: a health report (the
 * check-in's conditional put) and a supply request (its create transaction), as the API would
 * store them for a bench person or household.
 */
import { ulid } from 'ulid';
import type { HealthReportItem } from '../../functions/src/contexts/reporting/entities/submissions';
import { submissionId } from '../../functions/src/contexts/reporting/entities/submissions';
import {
  applyTransition,
  type SupplyRequestItem,
  supplyRequestId,
} from '../../functions/src/contexts/supply/entities/supply-request';
import { requestHash } from '../../functions/src/lib/idempotency';

export const SUPPLY_BODY = {
  items: [
    { kind: 'vegetables', quantity: 2, unit: 'jin' },
    { kind: 'masks', quantity: 1, unit: 'box' },
  ] satisfies SupplyRequestItem['items'] as SupplyRequestItem['items'],
  note: '放门口即可',
};

export function floorReport(
  p: { personId: string; gridCode: string; householdId: string },
  date: string,
  slot: HealthReportItem['slot'],
  idempotencyKey: string,
): HealthReportItem {
  const { personId } = p;
  const at = new Date().toISOString();
  return {
    type: 'HEALTH_REPORT',
    submissionId: submissionId({ type: 'health', personId, date, slot }),
    personId,
    gridCode: p.gridCode,
    householdId: p.householdId,
    personName: '王建国',
    idNumberMasked: '370502********1234',
    phoneMasked: '150****0001',
    date,
    slot,
    temperature: 36.5,
    fever: false,
    symptoms: [],
    note: null,
    measuredAt: at,
    reportedAt: at,
    reporter: { userId: personId, role: 'resident', kind: 'self' },
    verification: { status: 'pending' },
    idempotencyKey,
    requestHash: requestHash({ personId, temperature: 36.5, symptoms: [] }),
    quarantineId: null,
  };
}

export function floorSupplyRequest(
  h: { householdId: string; gridCode: string },
  at: Date,
  idempotencyKey: string,
): SupplyRequestItem {
  const seq = ulid(at.getTime());
  return {
    type: 'SUPPLY_REQUEST',
    requestId: supplyRequestId(h.householdId, seq),
    householdId: h.householdId,
    seq,
    gridCode: h.gridCode,
    address: '东营区文汇街道 府前街 12 号 3 单元 501',
    contactPhoneEnc: null,
    contactPhoneMasked: '150****0001',
    items: SUPPLY_BODY.items,
    note: SUPPLY_BODY.note,
    preferredTime: null,
    status: 'submitted',
    createdAt: at.toISOString(),
    createdBy: 'bench',
    updatedAt: at.toISOString(),
    acceptedBy: null,
    acceptedAt: null,
    deliveredBy: null,
    deliveredAt: null,
    deliveryNote: null,
    confirmedAt: null,
    autoConfirmed: false,
    rejectionReason: null,
    history: [{ action: 'submit', status: 'submitted', at: at.toISOString(), by: 'bench' }],
    idempotencyKey,
    requestHash: requestHash({ householdId: h.householdId, ...SUPPLY_BODY }),
  };
}

/** The accept's conditional update, as the accept route makes it (submitted → accepted). */
export function floorAccept(requestId: string) {
  const at = new Date().toISOString();
  return applyTransition(requestId, {
    from: 'submitted',
    to: 'accepted',
    event: { action: 'accept', status: 'accepted', at, by: 'bench' },
    fields: { acceptedBy: 'bench', acceptedAt: at },
    index: 'keep',
  });
}
