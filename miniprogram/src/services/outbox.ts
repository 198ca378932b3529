import type {
  CreateFollowUpRequest,
  CreateHealthReportRequest,
  CreateHouseholdRequest,
  CreateHouseholdResponse,
  CreateSupplyRequest,
  CreateTravelDeclarationRequest,
  FollowUp,
  HealthReport,
  SupplyRequest,
  TravelDeclaration,
} from '@grid/shared';
import {
  createHealthReport,
  createHousehold,
  createSupplyRequest,
  createTravelDeclaration,
  recordFollowUp,
} from './api';
import { ApiError, describeError, NetworkError } from './http';
import { adoptToken } from './session';
import { createSignal, readStored, STORAGE_KEYS, writeStored } from './storage';

/**
 * Submissions made on a weak network. Each carries an idempotency key made once, when the person
 * pressed submit, and kept with it: however often it is retried, the API records it once. A
 * submission that got no answer is kept in storage (待同步) and sent again, oldest first, when the
 * network returns, when the app comes to the foreground, or on 重试. A refusal (4xx) is not queued.
 */
export interface SubmissionPayloads {
  health: { personId: string; body: CreateHealthReportRequest };
  travel: { personId: string; body: CreateTravelDeclarationRequest };
  household: { body: CreateHouseholdRequest };
  followUp: { quarantineId: string; body: CreateFollowUpRequest };
  supply: { householdId: string; body: CreateSupplyRequest };
}
export interface SubmissionAnswers {
  health: HealthReport;
  travel: TravelDeclaration;
  household: CreateHouseholdResponse;
  followUp: FollowUp;
  supply: SupplyRequest;
}
export type SubmissionKind = keyof SubmissionPayloads;

export type Submission = {
  [K in SubmissionKind]: {
    kind: K;
    idempotencyKey: string;
    payload: SubmissionPayloads[K];
    /** What the outbox list shows, e.g. "王建国 36.5 °C". */
    label: string;
    createdAt: string;
  };
}[SubmissionKind];

export interface OutboxItem {
  submission: Submission;
  attempts: number;
  /** Set when the API refused it on a retry; the item stays visible until discarded. */
  error: string | null;
}

export type SubmitOutcome<K extends SubmissionKind> =
  | { state: 'sent'; answer: SubmissionAnswers[K] }
  | { state: 'queued' };

export const outboxSignal = createSignal();

const IDEMPOTENCY_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

/** 8–64 of [A-Za-z0-9_-] as the API wants; time first so keys of one phone sort by creation. */
export function newIdempotencyKey(now = Date.now()): string {
  let random = '';
  for (let i = 0; i < 16; i++) {
    random += IDEMPOTENCY_ALPHABET[Math.floor(Math.random() * IDEMPOTENCY_ALPHABET.length)];
  }
  return `${now.toString(36)}-${random}`;
}

export function makeSubmission<K extends SubmissionKind>(
  kind: K,
  payload: SubmissionPayloads[K],
  label: string,
): Extract<Submission, { kind: K }> {
  return {
    kind,
    payload,
    label,
    idempotencyKey: newIdempotencyKey(),
    createdAt: new Date().toISOString(),
  } as Extract<Submission, { kind: K }>;
}

export function outboxItems(): OutboxItem[] {
  const stored = readStored<OutboxItem[]>(STORAGE_KEYS.outbox);
  return Array.isArray(stored) ? stored : [];
}

function writeOutbox(items: OutboxItem[]): void {
  writeStored(STORAGE_KEYS.outbox, items);
  outboxSignal.emit();
}

export function isQueued(idempotencyKey: string): boolean {
  return outboxItems().some((item) => item.submission.idempotencyKey === idempotencyKey);
}

export function discard(idempotencyKey: string): void {
  writeOutbox(outboxItems().filter((item) => item.submission.idempotencyKey !== idempotencyKey));
}

async function send(submission: Submission): Promise<SubmissionAnswers[SubmissionKind]> {
  const key = submission.idempotencyKey;
  switch (submission.kind) {
    case 'health':
      return createHealthReport(submission.payload.personId, submission.payload.body, key);
    case 'travel':
      return createTravelDeclaration(submission.payload.personId, submission.payload.body, key);
    case 'household': {
      const answer = await createHousehold(submission.payload.body, key);
      // A resident's own household changes what the session may reach: the API sends a new token.
      if (answer.session) await adoptToken(answer.session.token, answer.session.expiresAt);
      return answer;
    }
    case 'followUp':
      return recordFollowUp(submission.payload.quarantineId, submission.payload.body, key);
    case 'supply':
      return createSupplyRequest(submission.payload.householdId, submission.payload.body, key);
  }
}

/** Sends now; when no answer comes back, keeps it for later. API refusals are thrown to the caller. */
export async function submitOrQueue<K extends SubmissionKind>(
  submission: Extract<Submission, { kind: K }>,
): Promise<SubmitOutcome<K>> {
  try {
    const answer = (await send(submission)) as SubmissionAnswers[K];
    return { state: 'sent', answer };
  } catch (error) {
    if (!(error instanceof NetworkError)) throw error;
    writeOutbox([...outboxItems(), { submission, attempts: 1, error: null }]);
    return { state: 'queued' };
  }
}

/** A retried check-in may have landed before the connection dropped: the slot is then done. */
function countsAsDone(submission: Submission, error: ApiError): boolean {
  return submission.kind === 'health' && error.status === 409 && error.code === 'ALREADY_REPORTED';
}

let flushing: Promise<FlushResult> | null = null;

export interface FlushResult {
  synced: number;
  remaining: number;
}

/** Sends queued submissions oldest first; stops at the first one that still gets no answer. */
export function flushOutbox(): Promise<FlushResult> {
  flushing ??= flushOnce().finally(() => {
    flushing = null;
  });
  return flushing;
}

export function isFlushing(): boolean {
  return flushing !== null;
}

async function flushOnce(): Promise<FlushResult> {
  let synced = 0;
  outboxSignal.emit();
  for (const item of outboxItems()) {
    if (item.error !== null) continue;
    const key = item.submission.idempotencyKey;
    try {
      await send(item.submission);
      synced++;
      discard(key);
    } catch (error) {
      if (error instanceof ApiError && countsAsDone(item.submission, error)) {
        synced++;
        discard(key);
        continue;
      }
      // No answer, a server fault or a lost session: try again later, keeping the order.
      const transient =
        error instanceof NetworkError ||
        (error instanceof ApiError && (error.status >= 500 || error.status === 401));
      update(key, (it) => ({
        ...it,
        attempts: it.attempts + 1,
        error: transient ? null : describeError(error),
      }));
      if (transient) break;
    }
  }
  outboxSignal.emit();
  return { synced, remaining: outboxItems().filter((it) => it.error === null).length };
}

function update(idempotencyKey: string, change: (item: OutboxItem) => OutboxItem): void {
  writeOutbox(
    outboxItems().map((item) => (item.submission.idempotencyKey === idempotencyKey ? change(item) : item)),
  );
}
