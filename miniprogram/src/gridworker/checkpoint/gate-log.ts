import { type CreateEntryRequest, type EntryPerson, isValidPlate, normalizePlate } from '@grid/shared';
import { useRef, useState } from 'react';
import { readTemperature } from '../../components/temperature';
import { useSubmitGuard } from '../../hooks/submission';
import { zhCheckpoints } from '../../i18n/zh-checkpoints';
import { describeError } from '../../services/http';
import { makeSubmission, submitOrQueue } from '../../services/outbox';

/** A tap on the same outcome within this long after a logged one is a double tap, not a second person. */
export const DOUBLE_TAP_MS = 1200;

export interface LoggedEntry {
  idempotencyKey: string;
  label: string;
  at: string;
  state: 'sent' | 'queued';
}

export interface GateExtras {
  direction: 'in' | 'out';
  plate: string;
  temperature: string;
}

/** Checks plate and temperature as typed; answers the request's extras or the problem to show. */
export function readExtras(
  extras: GateExtras,
): { ok: true; body: Omit<CreateEntryRequest, 'person'> } | { ok: false; problem: string } {
  const body: Omit<CreateEntryRequest, 'person'> = {
    direction: extras.direction,
    at: new Date().toISOString(),
  };
  if (extras.plate.trim() !== '') {
    const plate = normalizePlate(extras.plate);
    if (!isValidPlate(plate)) return { ok: false, problem: zhCheckpoints.log.plateInvalid };
    body.plate = plate;
  }
  const reading = readTemperature(extras.temperature);
  if (reading.state === 'ok') body.temperature = reading.value;
  else if (reading.state !== 'empty') return { ok: false, problem: zhCheckpoints.log.temperatureInvalid };
  return { ok: true, body };
}

/**
 * The gate's log: each outcome tapped is one entry, sent through the outbox under a key minted at
 * that tap (so a retry and an offline replay write it once). A tap while one is in flight, or a
 * second tap of the same outcome within DOUBLE_TAP_MS, is dropped: a shaky double tap is one person.
 */
export function useGateLog(checkpointId: string, onLogged: () => void) {
  const guard = useSubmitGuard();
  const last = useRef<{ outcome: string; at: number } | null>(null);
  const [recent, setRecent] = useState<LoggedEntry[]>([]);
  const [problem, setProblem] = useState<string | null>(null);

  const log = async (
    person: EntryPerson,
    extras: GateExtras,
    label: string,
    pass?: CreateEntryRequest['pass'],
  ): Promise<boolean> => {
    const now = Date.now();
    const outcome = person.kind;
    if (last.current && last.current.outcome === outcome && now - last.current.at < DOUBLE_TAP_MS)
      return false;
    const read = readExtras(extras);
    if (!read.ok) {
      setProblem(read.problem);
      return false;
    }
    setProblem(null);
    const done = await guard.run(async () => {
      const submission = makeSubmission(
        'entry',
        { checkpointId, body: { ...read.body, person, ...(pass ? { pass } : {}) } },
        label,
        guard.keyFor(),
      );
      try {
        const result = await submitOrQueue(submission);
        last.current = { outcome, at: Date.now() };
        setRecent((r) =>
          [
            {
              idempotencyKey: submission.idempotencyKey,
              label,
              at: read.body.at ?? new Date().toISOString(),
              state: result.state,
            },
            ...r,
          ].slice(0, 20),
        );
        guard.reset();
        onLogged();
        return true;
      } catch (error) {
        // A refusal (bad plate the server caught, out of scope): nothing was written, the same key may retry.
        setProblem(describeError(error));
        return false;
      }
    });
    return done === true;
  };

  return { log, recent, problem, busy: guard.busy, setProblem };
}
