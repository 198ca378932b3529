import { useCallback, useRef, useState } from 'react';
import {
  makeSubmission,
  newIdempotencyKey,
  type SubmissionAnswers,
  type SubmissionKind,
  type SubmissionPayloads,
  type SubmitOutcome,
  sentAnswer,
  submitOrQueue,
} from '../services/outbox';
import { useOutbox } from './stores';

/**
 * The guard every form's submit goes through. A tap while a submission is in flight does nothing
 * (checked synchronously, before React re-renders: an elderly double tap lands in the same tick),
 * and the Idempotency-Key of each part of the submission (one per member in a family check-in,
 * '' for a single form) is minted on the first submit and reused by every later tap and retry,
 * so the API records it once whatever happens. reset() starts a new intended submission.
 */
export function useSubmitGuard() {
  const inFlight = useRef(false);
  const keys = useRef(new Map<string, string>());
  const [busy, setBusy] = useState(false);

  const keyFor = useCallback((part = '') => {
    let key = keys.current.get(part);
    if (key === undefined) {
      key = newIdempotencyKey();
      keys.current.set(part, key);
    }
    return key;
  }, []);

  /** Runs `task` unless one is running; answers undefined for a tap that was ignored. */
  const run = useCallback(async <T>(task: () => Promise<T>): Promise<T | undefined> => {
    if (inFlight.current) return undefined;
    inFlight.current = true;
    setBusy(true);
    try {
      return await task();
    } finally {
      inFlight.current = false;
      setBusy(false);
    }
  }, []);

  const reset = useCallback(() => keys.current.clear(), []);

  return { busy, run, keyFor, reset };
}

export type SubmissionView<K extends SubmissionKind> =
  | { status: 'idle' }
  /** `synced`: it waited in the outbox and the server's answer came back later. */
  | { status: 'sent'; answer: SubmissionAnswers[K]; synced: boolean }
  | { status: 'queued'; idempotencyKey: string }
  /** Refused on a later replay from the outbox (the item stays in the outbox with the reason). */
  | { status: 'failed'; idempotencyKey: string; reason: string }
  /** Left the outbox without an answer kept: counted as done (the slot was filled) or deleted. */
  | { status: 'gone' };

/**
 * One form, one submission: `submit(payload, label)` sends it through the outbox with the key
 * minted on the first submit. Refusals (4xx) are thrown to the form, which shows them and may be
 * submitted again (same key: nothing was recorded). After a queued submission syncs, `view`
 * becomes 'sent' with the server's answer, so a flag (e.g. risk area) still reaches the person.
 */
export function useSubmission<K extends SubmissionKind>(kind: K) {
  const guard = useSubmitGuard();
  const [outcome, setOutcome] = useState<
    { state: 'sent'; answer: SubmissionAnswers[K] } | { state: 'queued'; idempotencyKey: string } | null
  >(null);
  const { items } = useOutbox();

  const submit = (payload: SubmissionPayloads[K], label: string): Promise<SubmitOutcome<K> | undefined> =>
    guard.run(async () => {
      const submission = makeSubmission(kind, payload, label, guard.keyFor());
      const result = await submitOrQueue(submission);
      setOutcome(
        result.state === 'sent'
          ? { state: 'sent', answer: result.answer }
          : { state: 'queued', idempotencyKey: submission.idempotencyKey },
      );
      return result;
    });

  let view: SubmissionView<K> = { status: 'idle' };
  if (outcome?.state === 'sent') view = { status: 'sent', answer: outcome.answer, synced: false };
  else if (outcome?.state === 'queued') {
    const key = outcome.idempotencyKey;
    const waiting = items.find((i) => i.submission.idempotencyKey === key);
    const answer = waiting ? null : sentAnswer(kind, key);
    view = waiting
      ? waiting.error === null
        ? { status: 'queued', idempotencyKey: key }
        : { status: 'failed', idempotencyKey: key, reason: waiting.error }
      : answer
        ? { status: 'sent', answer, synced: true }
        : { status: 'gone' };
  }

  return { busy: guard.busy, submit, view, reset: guard.reset };
}

/** How a form shows where its submission stands: failed in red, waiting in orange, done in green. */
export function viewTone(view: SubmissionView<SubmissionKind>): 'ok' | 'warn' | 'error' {
  return view.status === 'failed' ? 'error' : view.status === 'queued' ? 'warn' : 'ok';
}
