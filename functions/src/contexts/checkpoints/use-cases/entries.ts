/**
 * The entry log: what a gate saw, written once per Idempotency-Key and counted in the same
 * transaction (the checkpoint's day figures), so the figures are a recount of the entries.
 */
import { type CheckpointFiguresAnswer, type Entry, type EntryInput, localDate } from '@grid/shared';
import type { Principal } from '../../../lib/auth/tokens';
import { AppError } from '../../../lib/errors';
import { type Claimed, claimedWrite, requestHash } from '../../../lib/idempotency';
import { newId } from '../../../lib/ids';
import {
  type EntryItem,
  entryWrite,
  getEntryByClaim,
  getEntryClaim,
  getFigures,
  listEntriesOfDay,
} from '../entities/entries';
import { loadCheckpointInScope } from './access';

/** A phone offline at a gate keeps entries a while; older than this is not an entry of today's gate. */
const MAX_ENTRY_AGE_MS = 48 * 3600 * 1000;
/** Phone clocks run a little fast. */
const CLOCK_SKEW_MS = 5 * 60 * 1000;

function toEntry(item: EntryItem): Entry {
  return {
    entryId: item.entryId,
    checkpointId: item.checkpointId,
    date: item.date,
    at: item.at,
    direction: item.direction,
    person: item.person,
    pass: item.pass,
    plate: item.plate,
    temperature: item.temperature,
    loggedBy: item.loggedBy,
    loggedAt: item.loggedAt,
  };
}

export async function logEntry(
  principal: Principal,
  checkpointId: string,
  input: EntryInput,
  idempotencyKey: string,
  now: Date,
): Promise<Claimed<Entry>> {
  const checkpoint = await loadCheckpointInScope(principal, checkpointId);
  const at = input.at ? new Date(input.at) : now;
  const age = now.getTime() - at.getTime();
  const hash = requestHash({ checkpointId, ...input });
  if (age > MAX_ENTRY_AGE_MS || age < -CLOCK_SKEW_MS) {
    // A replay that comes late (a phone offline for days) of an entry that did land is answered.
    const original = await replayedEntry(checkpointId, idempotencyKey, hash);
    if (original) return { created: false, value: original };
    throw new AppError('ENTRY_TIME_INVALID');
  }
  const item: EntryItem = {
    type: 'CHECKPOINT_ENTRY',
    entryId: newId(now),
    checkpointId,
    regionCode: checkpoint.regionCode,
    date: localDate(at),
    at: at.toISOString(),
    direction: input.direction,
    person: input.person,
    pass: input.pass ?? null,
    plate: input.plate ?? null,
    temperature: input.temperature ?? null,
    loggedBy: principal.userId,
    loggedAt: now.toISOString(),
    idempotencyKey,
    requestHash: hash,
  };
  return claimedWrite({
    ...entryWrite(item),
    value: toEntry(item),
    original: async (claim) => {
      const original = await getEntryByClaim(claim);
      return original && toEntry(original);
    },
    now,
  });
}

async function replayedEntry(checkpointId: string, idempotencyKey: string, hash: string) {
  const claim = await getEntryClaim(checkpointId, idempotencyKey);
  if (!claim) return undefined;
  if (claim.requestHash !== hash) throw new AppError('IDEMPOTENCY_KEY_REUSED');
  const original = await getEntryByClaim(claim);
  return original && toEntry(original);
}

export async function listEntries(
  principal: Principal,
  checkpointId: string,
  query: { date: string; limit: number; cursor?: string | undefined },
) {
  await loadCheckpointInScope(principal, checkpointId);
  const page = await listEntriesOfDay(checkpointId, query.date, query.limit, query.cursor);
  return { items: page.items.map(toEntry), nextCursor: page.nextCursor };
}

export async function checkpointFigures(
  principal: Principal,
  checkpointId: string,
  date: string,
): Promise<CheckpointFiguresAnswer> {
  await loadCheckpointInScope(principal, checkpointId);
  return { checkpointId, date, figures: await getFigures(checkpointId, date) };
}
