import {
  type CreateHealthReportRequest,
  daysBetween,
  type HealthReport,
  healthReportSchema,
  isFever,
  localDate,
  slotOf,
} from '@grid/shared';
import { loadPersonInScope } from '../../../lib/auth/access';
import type { Principal } from '../../../lib/auth/tokens';
import { config } from '../../../lib/config';
import { AppError } from '../../../lib/errors';
import { type Claimed, requestHash, resolveTakenKey } from '../../../lib/idempotency';
import { auditRead } from '../../privacy/use-cases/audit';
import { assertPrivacyConsent } from '../../privacy/use-cases/privacy-consent';
import { type HealthReportItem, listHealthReports as queryReports } from '../entities/health-report';
import { putHealthReport, submissionId } from '../entities/submissions';

/** A queued report may arrive late, but not from the future (beyond clock skew) nor from long ago. */
const MAX_CLOCK_SKEW_MS = 5 * 60_000;
const MAX_REPORT_AGE_MS = 12 * 3600_000;
const MAX_LIST_DAYS = 62;
/** Reports of one slot at most (the first and its re-reports after rejections). */
const MAX_ATTEMPTS = 9;
const SLOT_ORDER = { morning: 0, evening: 1 } as const;

export function reporterKind(principal: Principal, personId: string): 'self' | 'proxy' | 'staff' {
  if (principal.role !== 'resident') return 'staff';
  return principal.personId === personId ? 'self' : 'proxy';
}

export async function submitHealthReport(
  principal: Principal,
  personId: string,
  input: CreateHealthReportRequest,
  idempotencyKey: string,
  now: Date,
): Promise<Claimed<HealthReport>> {
  const person = await loadPersonInScope(principal, personId);
  await assertPrivacyConsent(principal);
  const measuredAt = input.measuredAt ? new Date(input.measuredAt) : now;
  const age = now.getTime() - measuredAt.getTime();
  if (age < -MAX_CLOCK_SKEW_MS || age > MAX_REPORT_AGE_MS) throw new AppError('MEASURED_AT_INVALID');

  const date = localDate(measuredAt);
  const slot = slotOf(measuredAt);
  const hash = requestHash({ personId, ...input });
  // Key-is-identity idempotency, not claimedWrite: a report's key is its person, day and slot, so
  // the conditional put is itself the claim, and a retry (same Idempotency-Key and request) finds
  // the original in the same call. A claim item would add a write to every check-in for nothing.
  // A slot holds one report; when the gridworker rejected it, the household may report the slot
  // again: the new report goes beside the rejected one (attempt 2, 3…), which stays in the file.
  for (let attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
    const item: HealthReportItem = {
      type: 'HEALTH_REPORT',
      submissionId: submissionId({ type: 'health', personId, date, slot, attempt }),
      personId,
      gridCode: person.gridCode,
      householdId: person.householdId,
      personName: person.name,
      idNumberMasked: person.idNumberMasked,
      phoneMasked: person.phoneMasked,
      date,
      slot,
      temperature: input.temperature,
      fever: isFever(input.temperature, config().FEVER_THRESHOLD),
      symptoms: input.symptoms,
      note: input.note ?? null,
      measuredAt: measuredAt.toISOString(),
      reportedAt: now.toISOString(),
      reporter: { userId: principal.userId, role: principal.role, kind: reporterKind(principal, personId) },
      verification: { status: 'pending' },
      idempotencyKey,
      requestHash: hash,
      // Lets the stream consumer mark the quarantine check without reading the person again.
      quarantineId: person.activeQuarantineId ?? null,
    };
    const result = await putHealthReport(item, attempt);
    if (result.created) return { created: true, value: healthReportSchema.parse(item) };
    const { existing } = result;
    if (existing.idempotencyKey === idempotencyKey || existing.verification.status !== 'rejected') {
      const original = resolveTakenKey(
        existing,
        idempotencyKey,
        hash,
        () => new AppError('ALREADY_REPORTED', { submissionId: existing.submissionId, date, slot }),
      );
      return { created: false, value: healthReportSchema.parse(original) };
    }
  }
  throw new AppError('ALREADY_REPORTED', { date, slot });
}

export async function listHealthReports(
  principal: Principal,
  personId: string,
  from: string,
  to: string,
  now: Date,
): Promise<{ items: HealthReport[] }> {
  if (daysBetween(from, to) > MAX_LIST_DAYS) throw new AppError('DATE_RANGE_INVALID');
  await loadPersonInScope(principal, personId);
  await auditRead(principal, [personId], now);
  const items = await queryReports(personId, from, to);
  // The sort key orders a day's slots by name (evening before morning): put them in time order,
  // a slot's rejected reports before the one that replaced them.
  items.sort(
    (a, b) =>
      a.date.localeCompare(b.date) ||
      SLOT_ORDER[a.slot] - SLOT_ORDER[b.slot] ||
      a.reportedAt.localeCompare(b.reportedAt),
  );
  return { items: items.map((i) => healthReportSchema.parse(i)) };
}
