/**
 * Stream consumer: keeps the per-day and current counters of every grid and region. Each batch
 * is coalesced — deltas summed per stats item — and counted in two steps: (1) one transaction
 * writes a marker per event (so an event is counted once however often it is delivered) and
 * journals holding the coalesced counters; (2) each journal is applied to the stats items and
 * deleted in one transaction. Step 1 holds up to ~95 events, so the items every event touches
 * (district, city) are written about once per 95 events instead of once per 100-item transaction
 * of markers and counters. A journal left by a crash between the steps is applied when its INSERT
 * comes through the stream.
 */

import { now } from '../../../lib/clock';
import { newId } from '../../../lib/ids';
import { publishBusinessMetrics } from '../../../lib/metrics';
import { logger } from '../../../lib/middleware/logger';
import type { StreamChange } from '../../../lib/streams/dispatcher';
import {
  applyJournal,
  COUNTERS_PER_JOURNAL,
  type CounterDelta,
  type Journal,
  journalOf,
  journalOnce,
  journalPending,
} from '../entities/stats';
import { coalesce, gridDeltas, levelsOf } from '../use-cases/stats-events';

export interface CountedEvent {
  id: string;
  sequence: string;
  deltas: ReturnType<typeof gridDeltas>;
}

/** A transaction holds at most 100 items: the events' markers plus their journals. */
const MAX_TRANSACTION_ITEMS = 100;

const journalsFor = (counterItems: number) => Math.ceil(counterItems / COUNTERS_PER_JOURNAL);

/** The stats items an event's deltas touch (grid and every level above, per day or now). */
function itemsOf(event: CountedEvent): string[] {
  return event.deltas.flatMap((d) => levelsOf(d.grid).map((code) => `${code}|${d.date ?? 'NOW'}`));
}

/**
 * Packs events into as few step-1 transactions as possible, each holding the events' markers and
 * the journals of their coalesced counters. Events are taken in grid order, so a grid's, village's
 * and street's events share a transaction and their items are written once; the levels every event
 * touches (district, city) are written once per transaction. Counting is commutative and markers
 * make it idempotent, so the order is free.
 */
export function packTransactions(events: CountedEvent[]): CountedEvent[][] {
  const byGrid = [...events].sort((a, b) => (a.deltas[0]?.grid ?? '').localeCompare(b.deltas[0]?.grid ?? ''));
  const out: CountedEvent[][] = [];
  let current: CountedEvent[] = [];
  let items = new Set<string>();
  for (const event of byGrid) {
    const touched = itemsOf(event);
    const added = touched.filter((id) => !items.has(id)).length;
    if (current.length > 0 && current.length + 1 + journalsFor(items.size + added) > MAX_TRANSACTION_ITEMS) {
      out.push(current);
      current = [];
      items = new Set();
    }
    current.push(event);
    for (const id of touched) items.add(id);
  }
  if (current.length > 0) out.push(current);
  return out;
}

/**
 * Splits coalesced counters into journals of at most 99 items, the widest levels first, so the
 * city's and districts' items are in one journal and written once per step-1 transaction.
 */
function journalsOf(counters: CounterDelta[], at: Date): Journal[] {
  const ordered = [...counters].sort((a, b) => a.code.length - b.code.length);
  const journals: Journal[] = [];
  for (let i = 0; i < ordered.length; i += COUNTERS_PER_JOURNAL) {
    journals.push({ id: newId(at), counters: ordered.slice(i, i + COUNTERS_PER_JOURNAL) });
  }
  return journals;
}

/** A journal's INSERT: applied here if the consumer that wrote it did not get to it. */
function leftJournalOf(change: StreamChange): Journal | undefined {
  if (change.type !== 'STATS_JOURNAL' || change.eventName !== 'INSERT' || !change.newItem) return undefined;
  return journalOf(change.newItem);
}

/** Stream sequence numbers are decimal strings of up to 40 digits: compare as numbers. */
function compareSequences(a: string, b: string): number {
  return a.length - b.length || a.localeCompare(b);
}

/** Returns the sequence number of the earliest change not counted (Lambda retries from there), if any. */
export async function consume(changes: StreamChange[]): Promise<string[]> {
  const events: CountedEvent[] = [];
  // A change that cannot be counted (a poison record) is reported, after the others are counted.
  const poisoned: string[] = [];
  for (const change of changes) {
    try {
      const deltas = gridDeltas(change);
      if (deltas.length > 0) events.push({ id: change.eventId, sequence: change.sequence, deltas });
    } catch (err) {
      logger.error('stats record unreadable', { error: err as Error, type: change.type, key: change.key });
      poisoned.push(change.sequence);
    }
  }
  let counterWrites = 0;
  let skipped = 0;
  const packed = packTransactions(events);
  for (const [index, group] of packed.entries()) {
    try {
      let pending = group;
      while (pending.length > 0) {
        const at = now();
        const journals = journalsOf(coalesce(pending.flatMap((e) => e.deltas)), at);
        const already = await journalOnce(
          pending.map((e) => e.id),
          journals,
          Math.floor(at.getTime() / 1000),
        );
        if (already.length === 0) {
          publishBusinessMetrics(pending.flatMap((e) => e.deltas));
          for (const journal of journals) {
            if (await applyJournal(journal)) counterWrites += journal.counters.length;
          }
          break;
        }
        // A redelivered batch: drop the events already counted and record the rest.
        skipped += already.length;
        pending = pending.filter((e) => !already.includes(e.id));
      }
    } catch (err) {
      logger.error('stats counters failed', { error: err as Error });
      // Lambda retries from this record on: the earliest event not yet counted. Events after it
      // that were counted in an earlier transaction are skipped then by their markers.
      const uncounted = packed.slice(index).flat();
      const earliest = uncounted.reduce((a, b) => (compareSequences(b.sequence, a.sequence) < 0 ? b : a));
      return [earliest.sequence];
    }
  }
  // Journals a crashed invocation recorded but did not apply.
  for (const change of changes) {
    const journal = leftJournalOf(change);
    if (!journal) continue;
    try {
      if ((await journalPending(journal.id)) && (await applyJournal(journal))) {
        counterWrites += journal.counters.length;
      }
    } catch (err) {
      logger.error('stats journal failed', { error: err as Error });
      return [change.sequence];
    }
  }
  logger.info('stats counted', {
    changes: changes.length,
    events: events.length,
    counterWrites,
    skipped,
    poisoned: poisoned.length,
  });
  if (poisoned.length > 0) {
    // Lambda retries from the earliest poisoned record; what came after it is skipped by its markers.
    const earliest = poisoned.reduce((a, b) => (compareSequences(b, a) < 0 ? b : a));
    return [earliest];
  }
  return [];
}
