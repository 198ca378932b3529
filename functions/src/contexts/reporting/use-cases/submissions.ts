/** A gridworker's work queue: pending submissions of its grids, and verifying them. */
import { type PendingItem, pendingItemSchema, type SubmissionType, type Verification } from '@grid/shared';
import { assertGridAccess, canAccessGrid } from '../../../lib/auth/access';
import type { Principal } from '../../../lib/auth/tokens';
import { AppError } from '../../../lib/errors';
import { readGauges } from '../../hierarchy/entities/stats';
import {
  getSubmission,
  listPending,
  parseSubmissionId,
  recordVerification,
  type SubmissionItem,
} from '../entities/submissions';

function toPendingItem(item: SubmissionItem): PendingItem {
  const base = {
    submissionId: item.submissionId,
    personId: item.personId,
    personName: item.personName,
    idNumberMasked: item.idNumberMasked,
    phoneMasked: item.phoneMasked,
  };
  return pendingItemSchema.parse(
    item.type === 'HEALTH_REPORT'
      ? { ...item, ...base, type: 'health', submittedAt: item.reportedAt }
      : { ...item, ...base, type: 'travel', submittedAt: item.createdAt },
  );
}

export async function listPendingSubmissions(
  principal: Principal,
  gridCode: string,
  type: SubmissionType | undefined,
  limit: number,
  cursor: string | undefined,
): Promise<{ items: PendingItem[]; nextCursor: string | null }> {
  assertGridAccess(principal, gridCode);
  const page = await listPending(gridCode, type, limit, cursor);
  return { items: page.items.map(toPendingItem), nextCursor: page.nextCursor };
}

export async function verifySubmission(
  principal: Principal,
  id: string,
  decision: {
    decision: 'confirmed' | 'rejected';
    method: 'phone' | 'visit' | 'wechat';
    note?: string | undefined;
  },
  now: Date,
): Promise<{ submissionId: string; type: SubmissionType; verification: Verification }> {
  const ref = parseSubmissionId(id);
  const item = await getSubmission(ref);
  if (!item || !canAccessGrid(principal, item.gridCode)) throw new AppError('FORBIDDEN_SCOPE');
  if (item.verification.status !== 'pending')
    throw new AppError('ALREADY_VERIFIED', { verification: item.verification });
  const verification: Verification = {
    status: decision.decision,
    method: decision.method,
    ...(decision.note ? { note: decision.note } : {}),
    verifiedBy: principal.userId,
    verifiedAt: now.toISOString(),
  };
  if (!(await recordVerification(ref, verification))) throw new AppError('ALREADY_VERIFIED');
  return { submissionId: id, type: ref.type, verification };
}

export async function gridSummary(principal: Principal, gridCode: string) {
  assertGridAccess(principal, gridCode);
  const gauges = await readGauges(gridCode);
  return { gridCode, pending: { health: gauges.pendingHealth, travel: gauges.pendingTravel } };
}
