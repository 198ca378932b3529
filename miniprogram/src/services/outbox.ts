import { ApiError, describeError, NetworkError } from './http';
import {
  OUTBOX_KINDS,
  type OutboxKind,
  type SubmissionAnswers,
  type SubmissionKind,
  type SubmissionPayloads,
} from './outbox-kinds';
import { createSignal, readStored, STORAGE_KEYS, writeStored } from './storage';

export type { SubmissionAnswers, SubmissionKind, SubmissionPayloads } from './outbox-kinds';

/**
 * Every write the app makes, on any network. Each carries an idempotency key made once, when the
 * person first pressed submit, and kept with it: however often it is tapped, retried or replayed,
 * the API records it once and answers a replay with the original (200). A submission that got no
 * answer, or a server fault, is kept in storage (待同步) and sent again, oldest first, when the
 * network returns, when the app comes to the foreground, or on 重试. A refusal (4xx) is not
 * queued: the form shows it. What the server answered a replayed submission is kept a while
 * (sentAnswer) so the screen or the messages list can still show it (e.g. a risk-area flag).
 * The kinds of write are listed in outbox-kinds.ts.
 */
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

export type SubmissionOf<K extends SubmissionKind> = Extract<Submission, { kind: K }>;

export interface OutboxItem {
  submission: Submission;
  attempts: number;
  /** Set when the API refused it on a retry; the item stays visible until discarded. */
  error: string | null;
}

/** What the server answered a submission sent from the outbox (the form may be long closed). */
export type SentRecord = {
  [K in SubmissionKind]: {
    kind: K;
    idempotencyKey: string;
    label: string;
    answer: SubmissionAnswers[K];
    sentAt: string;
  };
}[SubmissionKind];

export type SubmitOutcome<K extends SubmissionKind> =
  | { state: 'sent'; answer: SubmissionAnswers[K] }
  | { state: 'queued' };

export const outboxSignal = createSignal();

const IDEMPOTENCY_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
/** Enough to show what came back from the last days of offline replays. */
const SENT_KEPT = 50;

/** 8–64 of [A-Za-z0-9_-] as the API wants; time first so keys of one phone sort by creation. */
export function newIdempotencyKey(now = Date.now()): string {
  let random = '';
  for (let i = 0; i < 16; i++) {
    random += IDEMPOTENCY_ALPHABET[Math.floor(Math.random() * IDEMPOTENCY_ALPHABET.length)];
  }
  return `${now.toString(36)}-${random}`;
}

/** `idempotencyKey`: the one minted when this submission was first intended (see useSubmission). */
export function makeSubmission<K extends SubmissionKind>(
  kind: K,
  payload: SubmissionPayloads[K],
  label: string,
  idempotencyKey: string = newIdempotencyKey(),
): SubmissionOf<K> {
  return { kind, payload, label, idempotencyKey, createdAt: new Date().toISOString() } as SubmissionOf<K>;
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

export function sentRecords(): SentRecord[] {
  const stored = readStored<SentRecord[]>(STORAGE_KEYS.outboxSent);
  return Array.isArray(stored) ? stored : [];
}

/** What the server answered a queued submission once it got through; null while still waiting. */
export function sentAnswer<K extends SubmissionKind>(
  kind: K,
  idempotencyKey: string,
): SubmissionAnswers[K] | null {
  const found = sentRecords().find((r) => r.idempotencyKey === idempotencyKey && r.kind === kind);
  return found ? (found.answer as SubmissionAnswers[K]) : null;
}

function remember(submission: Submission, answer: unknown): void {
  const record = {
    kind: submission.kind,
    idempotencyKey: submission.idempotencyKey,
    label: submission.label,
    answer,
    sentAt: new Date().toISOString(),
  } as SentRecord;
  const others = sentRecords().filter((r) => r.idempotencyKey !== submission.idempotencyKey);
  writeStored(STORAGE_KEYS.outboxSent, [record, ...others].slice(0, SENT_KEPT));
}

function send<K extends SubmissionKind>(submission: SubmissionOf<K>): Promise<SubmissionAnswers[K]> {
  // The table is indexed by the submission's own kind, so payload and answer belong together.
  const kind = OUTBOX_KINDS[submission.kind] as unknown as {
    send(payload: SubmissionPayloads[K], key: string): Promise<SubmissionAnswers[K]>;
  };
  return kind.send(submission.payload as SubmissionPayloads[K], submission.idempotencyKey);
}

/**
 * No answer, a server fault, throttling or a lost session: the write may or may not have landed,
 * and sending it again later under the same key is safe. Anything else is the API's refusal.
 */
export function isTransient(error: unknown): boolean {
  return (
    error instanceof NetworkError ||
    (error instanceof ApiError && (error.status >= 500 || error.status === 429 || error.status === 401))
  );
}

/** Sends now; when no answer comes back (or a transient fault), keeps it for later. Refusals are thrown. */
export async function submitOrQueue<K extends SubmissionKind>(
  submission: SubmissionOf<K>,
): Promise<SubmitOutcome<K>> {
  if (isQueued(submission.idempotencyKey)) return { state: 'queued' };
  try {
    const answer = await send(submission);
    return { state: 'sent', answer };
  } catch (error) {
    if (!isTransient(error)) throw error;
    writeOutbox([...outboxItems(), { submission, attempts: 1, error: null }]);
    return { state: 'queued' };
  }
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
    const { submission } = item;
    const key = submission.idempotencyKey;
    try {
      remember(submission, await send(submission));
      synced++;
      discard(key);
    } catch (error) {
      const kind: OutboxKind<never, unknown> = OUTBOX_KINDS[submission.kind];
      if (error instanceof ApiError && kind.alreadyDone?.(error)) {
        synced++;
        discard(key);
        continue;
      }
      const transient = isTransient(error);
      update(key, (it) => ({
        ...it,
        attempts: it.attempts + 1,
        error: transient ? null : describeError(error),
      }));
      // Keep the order: what is still waiting goes before anything newer.
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
