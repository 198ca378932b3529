/**
 * The dispatcher a stream reader runs: the event source mapping's filter criteria let through only
 * the changes some consumer declared (manifest `handles`); here each record's images are parsed with
 * their item's zod schema and the typed change is handed, in order, to every consumer that declared
 * it, in-process. Failures are per record: an image that does not parse, or a change a consumer could
 * not apply, is reported (ReportBatchItemFailures) and the rest of the batch still runs. Lambda then
 * retries from the earliest failed record, so consumers must be idempotent (each claims or conditions
 * its writes); later changes of an item whose change failed are held back, so an item's changes are
 * never applied out of order.
 */
import type { AttributeValue } from '@aws-sdk/client-dynamodb';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import type { DynamoDBBatchResponse, DynamoDBRecord } from 'aws-lambda';
import type { StreamEventName, StreamInterest } from '../../manifest/types';
import { logger } from '../middleware/logger';
import { isStreamItemType, type StreamItemOf, type StreamItemType, streamItemSchemas } from './stream-items';

interface ChangeOf<K extends StreamItemType> {
  type: K;
  eventName: StreamEventName;
  eventId: string;
  sequence: string;
  /** The item's table key (`pk|sk`: ids and codes only, safe to log); '' when the record has none. */
  key: string;
  oldItem: StreamItemOf<K> | undefined;
  newItem: StreamItemOf<K> | undefined;
}

/** A typed change: narrow it by `type` to get the item's parsed shape. */
export type StreamChange = { [K in StreamItemType]: ChangeOf<K> }[StreamItemType];

/** A consumer as its reader runs it: returns the sequence numbers of the changes it could not apply. */
export interface DispatchedConsumer {
  name: string;
  handles: readonly StreamInterest[];
  consume(changes: StreamChange[]): Promise<readonly string[]>;
}

const EVENT_NAMES: readonly string[] = ['INSERT', 'MODIFY', 'REMOVE'];

export function handles(interests: readonly StreamInterest[], eventName: string, type: string): boolean {
  return interests.some((i) => i.types.includes(type) && (i.events as readonly string[]).includes(eventName));
}

type Image = Record<string, AttributeValue>;

/** The item type and event of a record, read from its raw images (before any parsing). */
function headerOf(record: DynamoDBRecord): {
  eventName: string;
  type: string;
  key: string;
  sequence: string;
} {
  const image = (record.dynamodb?.NewImage ?? record.dynamodb?.OldImage) as Image | undefined;
  const keys = record.dynamodb?.Keys as Image | undefined;
  return {
    eventName: record.eventName ?? '',
    type: image?.type?.S ?? '',
    key: keys ? `${keys.pk?.S ?? ''}|${keys.sk?.S ?? ''}` : '',
    sequence: record.dynamodb?.SequenceNumber ?? '',
  };
}

/** Thrown for an image that does not match its item's schema; names the fields, never their values. */
export class StreamImageError extends Error {
  override readonly name = 'StreamImageError';
}

function parseImage<K extends StreamItemType>(
  type: K,
  raw: unknown,
  which: string,
): StreamItemOf<K> | undefined {
  if (!raw) return undefined;
  const result = streamItemSchemas[type].safeParse(unmarshall(raw as Image));
  if (result.success) return result.data as StreamItemOf<K>;
  const fields = [...new Set(result.error.issues.map((i) => i.path.join('.') || '(item)'))];
  throw new StreamImageError(`${which} image does not match the ${type} schema: ${fields.join(', ')}`);
}

/** Parses a record into a typed change (throws StreamImageError for an image that does not parse). */
export function parseChange(record: DynamoDBRecord): StreamChange {
  const { eventName, type, key, sequence } = headerOf(record);
  if (!EVENT_NAMES.includes(eventName)) throw new StreamImageError(`unknown event name ${eventName}`);
  if (!isStreamItemType(type)) throw new StreamImageError(`no schema for item type ${type || '(none)'}`);
  return {
    type,
    eventName: eventName as StreamEventName,
    eventId: record.eventID ?? sequence,
    sequence,
    key,
    oldItem: parseImage(type, record.dynamodb?.OldImage, 'old'),
    newItem: parseImage(type, record.dynamodb?.NewImage, 'new'),
  } as StreamChange;
}

export interface DispatchOutcome extends DynamoDBBatchResponse {
  /** Per consumer: changes handed to it. */
  delivered: Record<string, number>;
  /** Records no consumer handles (the mapping's filter lets none through in AWS). */
  ignored: number;
}

export async function dispatch(
  reader: string,
  records: readonly DynamoDBRecord[],
  consumers: readonly DispatchedConsumer[],
): Promise<DispatchOutcome> {
  const failed = new Set<string>();
  const heldKeys = new Set<string>();
  const changes: StreamChange[] = [];
  let ignored = 0;
  for (const record of records) {
    const header = headerOf(record);
    if (!consumers.some((c) => handles(c.handles, header.eventName, header.type))) {
      ignored++;
      continue;
    }
    if (header.key && heldKeys.has(header.key)) {
      failed.add(header.sequence);
      continue;
    }
    try {
      changes.push(parseChange(record));
    } catch (err) {
      // A poison record: it fails alone (and holds back later changes of its item).
      logger.error('stream record unreadable', {
        reader,
        type: header.type,
        key: header.key,
        sequenceNumber: header.sequence,
        error: err as Error,
      });
      failed.add(header.sequence);
      if (header.key) heldKeys.add(header.key);
    }
  }
  const delivered: Record<string, number> = {};
  for (const consumer of consumers) {
    const mine = changes.filter((c) => handles(consumer.handles, c.eventName, c.type));
    if (mine.length === 0) continue;
    delivered[consumer.name] = mine.length;
    try {
      for (const sequence of await consumer.consume(mine)) failed.add(sequence);
    } catch (err) {
      // A consumer that throws fails its own changes, not the other consumers' ones.
      logger.error('stream consumer failed', { reader, consumer: consumer.name, error: err as Error });
      for (const change of mine) failed.add(change.sequence);
    }
  }
  const order = new Map(records.map((r, i) => [r.dynamodb?.SequenceNumber ?? '', i]));
  const batchItemFailures = [...failed]
    .sort((a, b) => (order.get(a) ?? 0) - (order.get(b) ?? 0))
    .map((itemIdentifier) => ({ itemIdentifier }));
  return { batchItemFailures, delivered, ignored };
}

/**
 * Runs `apply` over a consumer's changes in order (see the header): a change that fails is logged
 * and reported, the others still run, and later changes of the same item are held back and reported.
 */
export async function consumeEach(
  changes: readonly StreamChange[],
  apply: (change: StreamChange) => Promise<void>,
  failureMessage: string,
): Promise<string[]> {
  const failed: string[] = [];
  const heldKeys = new Set<string>();
  for (const change of changes) {
    if (change.key && heldKeys.has(change.key)) {
      failed.push(change.sequence);
      continue;
    }
    try {
      await apply(change);
    } catch (err) {
      logger.error(failureMessage, {
        type: change.type,
        key: change.key,
        sequenceNumber: change.sequence,
        error: err as Error,
      });
      failed.push(change.sequence);
      if (change.key) heldKeys.add(change.key);
    }
  }
  return failed;
}
