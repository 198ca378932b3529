/**
 * The table stream's readers as the manifest declares them, and the filter criteria derived from
 * their consumers' interests. Plain data and pure functions: infra turns the patterns into the event
 * source mapping's FilterCriteria, the local poller applies the very same patterns before invoking.
 */
import type {
  Manifest,
  StreamConsumerDefinition,
  StreamEventName,
  StreamInterest,
  StreamReaderDefinition,
} from './types';

/** AWS throttles more than two concurrent readers of a stream shard. */
export const MAX_STREAM_READERS = 2;

/** A reader's consumers, in manifest order; throws on a consumer naming no declared reader. */
export function consumersOf(
  manifest: Pick<Manifest, 'streamReaders' | 'streamConsumers'>,
  reader: string,
): StreamConsumerDefinition[] {
  const names = new Set(manifest.streamReaders.map((r) => r.name));
  for (const c of manifest.streamConsumers) {
    if (!names.has(c.reader))
      throw new Error(`Stream consumer ${c.name} names no declared reader (${c.reader})`);
  }
  return manifest.streamConsumers.filter((c) => c.reader === reader);
}

/** The reader's table access and WeChat use: the widest of its consumers'. */
export function readerNeeds(consumers: readonly StreamConsumerDefinition[]): {
  table: StreamConsumerDefinition['table'];
  usesWeChat: boolean;
} {
  const tables = new Set(consumers.map((c) => c.table));
  return {
    table: tables.has('readwrite') ? 'readwrite' : tables.has('read') ? 'read' : 'none',
    usesWeChat: consumers.some((c) => c.usesWeChat === true),
  };
}

/** A Lambda event filter pattern over the stream record (event name, and the image's `type`). */
export interface StreamFilterPattern {
  eventName: StreamEventName[];
  dynamodb: { NewImage: { type: { S: string[] } } } | { OldImage: { type: { S: string[] } } };
}

/**
 * One pattern per set of event names sharing the same item types: INSERT and MODIFY match the new
 * image's type, REMOVE the old image's (it has no new one). At most three patterns, within Lambda's
 * five filters per mapping.
 */
export function streamFilterPatterns(interests: readonly StreamInterest[]): StreamFilterPattern[] {
  const typesBy = (event: StreamEventName) =>
    [...new Set(interests.filter((i) => i.events.includes(event)).flatMap((i) => i.types))].sort();
  const insert = typesBy('INSERT');
  const modify = typesBy('MODIFY');
  const remove = typesBy('REMOVE');
  const newImage = (eventName: StreamEventName[], types: string[]): StreamFilterPattern => ({
    eventName,
    dynamodb: { NewImage: { type: { S: types } } },
  });
  const patterns: StreamFilterPattern[] = [];
  if (insert.length > 0 && insert.join() === modify.join())
    patterns.push(newImage(['INSERT', 'MODIFY'], insert));
  else {
    if (insert.length > 0) patterns.push(newImage(['INSERT'], insert));
    if (modify.length > 0) patterns.push(newImage(['MODIFY'], modify));
  }
  if (remove.length > 0)
    patterns.push({ eventName: ['REMOVE'], dynamodb: { OldImage: { type: { S: remove } } } });
  return patterns;
}

/**
 * Whether a record matches a pattern, as Lambda's event filtering decides for these patterns: every
 * key of the pattern must be present, an array lists the values allowed, an object is matched within.
 */
export function matchesFilterPattern(pattern: unknown, value: unknown): boolean {
  if (Array.isArray(pattern)) return pattern.includes(value);
  if (pattern === null || typeof pattern !== 'object') return pattern === value;
  if (value === null || typeof value !== 'object') return false;
  return Object.entries(pattern).every(([key, sub]) =>
    matchesFilterPattern(sub, (value as Record<string, unknown>)[key]),
  );
}

export function matchesAnyPattern(patterns: readonly StreamFilterPattern[], record: unknown): boolean {
  return patterns.some((p) => matchesFilterPattern(p, record));
}

export type { StreamReaderDefinition };
