/**
 * Stream consumer: keeps the per-day and current counters of every grid and region. Each batch
 * is coalesced — deltas summed per stats item, each item written once per transaction — and each
 * event is counted once thanks to a marker written in the same transaction.
 */
import type { AttributeValue } from '@aws-sdk/client-dynamodb';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import type { DynamoDBBatchResponse, DynamoDBRecord, DynamoDBStreamEvent } from 'aws-lambda';
import { config } from '../../config';
import { applyOnce } from '../../data/stats';
import { logger } from '../../middleware/logger';
import { type Change, coalesce, gridDeltas } from '../../use-cases/stats-events';

/** A transaction holds at most 100 items: markers plus counter updates. */
const MAX_TRANSACTION_ITEMS = 100;
const MAX_EVENTS_PER_TRANSACTION = 60;

type Image = Record<string, AttributeValue>;

function changeOf(record: DynamoDBRecord): Change | undefined {
  const name = record.eventName;
  if (name !== 'INSERT' && name !== 'MODIFY' && name !== 'REMOVE') return undefined;
  const image = (i: unknown) => (i ? unmarshall(i as Image) : undefined);
  return {
    eventName: name,
    oldItem: image(record.dynamodb?.OldImage),
    newItem: image(record.dynamodb?.NewImage),
  };
}

interface CountedEvent {
  id: string;
  sequence: string;
  deltas: ReturnType<typeof gridDeltas>;
}

/** Groups events in order so each group's markers and coalesced counters fit one transaction. */
function groups(events: CountedEvent[]): CountedEvent[][] {
  const out: CountedEvent[][] = [];
  let current: CountedEvent[] = [];
  for (const event of events) {
    const candidate = [...current, event];
    const items = candidate.length + coalesce(candidate.flatMap((e) => e.deltas)).length;
    if (
      current.length > 0 &&
      (items > MAX_TRANSACTION_ITEMS || candidate.length > MAX_EVENTS_PER_TRANSACTION)
    ) {
      out.push(current);
      current = [event];
    } else {
      current = candidate;
    }
  }
  if (current.length > 0) out.push(current);
  return out;
}

export async function handler(event: DynamoDBStreamEvent): Promise<DynamoDBBatchResponse> {
  config();
  const events: CountedEvent[] = [];
  for (const record of event.Records) {
    const change = changeOf(record);
    const deltas = change ? gridDeltas(change) : [];
    if (deltas.length > 0 && record.eventID) {
      events.push({ id: record.eventID, sequence: record.dynamodb?.SequenceNumber ?? '', deltas });
    }
  }
  let counterWrites = 0;
  let skipped = 0;
  for (const group of groups(events)) {
    try {
      let pending = group;
      while (pending.length > 0) {
        const counters = coalesce(pending.flatMap((e) => e.deltas));
        const already = await applyOnce(
          pending.map((e) => e.id),
          counters,
          Math.floor(Date.now() / 1000),
        );
        if (already.length === 0) {
          counterWrites += counters.length;
          break;
        }
        // A redelivered batch: drop the events already counted and apply the rest.
        skipped += already.length;
        pending = pending.filter((e) => !already.includes(e.id));
      }
    } catch (err) {
      logger.error('stats counters failed', { error: err as Error });
      return { batchItemFailures: [{ itemIdentifier: group[0]!.sequence }] };
    }
  }
  logger.info('stats counted', {
    records: event.Records.length,
    events: events.length,
    counterWrites,
    skipped,
  });
  return { batchItemFailures: [] };
}
