/**
 * The stream poller's per-consumer state: a cursor per shard (what was read, what waits for delivery)
 * and the reads that fill it (GetShardIterator/GetRecords, with the reader's filter applied).
 */
import {
  type DynamoDBStreamsClient,
  GetRecordsCommand,
  GetShardIteratorCommand,
  type Shard,
} from '@aws-sdk/client-dynamodb-streams';
import type { DynamoDBRecord } from 'aws-lambda';
import type { StreamConsumer, StreamPollerOptions } from './stream-poller-api';
import { toLambdaRecord } from './stream-records';
import type { createShardList } from './stream-shards';

const GET_RECORDS_LIMIT = 1000;

export interface ShardCursor {
  shardId: string;
  parentShardId: string | undefined;
  startType: 'TRIM_HORIZON' | 'LATEST';
  iterator: string | undefined;
  /** Last sequence number read from the shard, to get a new iterator after one expires. */
  lastFetchedSequence: string | undefined;
  /** Read but not yet delivered successfully. */
  pending: DynamoDBRecord[];
  /** The shard is closed and fully read. */
  exhausted: boolean;
  /** exhausted and nothing pending: children may start. */
  finished: boolean;
  /** Failed deliveries of the batch at the head of pending. */
  failedAttempts: number;
}

export interface ConsumerState {
  consumer: StreamConsumer;
  cursors: Map<string, ShardCursor>;
  /** Newest drain generation at which a full pass found nothing left to deliver. */
  caughtUpGeneration: number;
  /** The delivery count when this consumer's last caught-up pass started. */
  caughtUpAtDelivery: number;
  invocations: number;
  recordsRead: number;
  readsWithRecords: number;
  lastErrorText: string | undefined;
}

/** What the reading and delivering functions share for one poller. */
export interface PollerContext {
  client: DynamoDBStreamsClient;
  streamArn: string;
  region: string;
  startAt: 'TRIM_HORIZON' | 'LATEST';
  maxRetries: number;
  checkpoints: StreamPollerOptions['checkpoints'];
  onError: (err: unknown, consumer: string) => void;
  shardList: ReturnType<typeof createShardList>;
  /** Called after every handler invocation, whatever its outcome. */
  afterInvocation: () => void;
}

export function newConsumerState(consumer: StreamConsumer): ConsumerState {
  return {
    consumer,
    cursors: new Map(),
    caughtUpGeneration: -1,
    caughtUpAtDelivery: -1,
    invocations: 0,
    recordsRead: 0,
    readsWithRecords: 0,
    lastErrorText: undefined,
  };
}

/** A cursor for every shard the consumer has none for yet, starting where its checkpoint or startAt says. */
export function addNewShards(ctx: PollerContext, state: ConsumerState, shards: readonly Shard[]): void {
  for (const shard of shards) {
    const shardId = shard.ShardId;
    if (!shardId || state.cursors.has(shardId)) continue;
    const preExisting = ctx.shardList.initialShardIds?.has(shardId) ?? false;
    const closed = shard.SequenceNumberRange?.EndingSequenceNumber !== undefined;
    const checkpoint = ctx.checkpoints?.get(state.consumer.name, shardId);
    const skipWhole =
      checkpoint === 'finished' ||
      (checkpoint === undefined && ctx.startAt === 'LATEST' && preExisting && closed);
    state.cursors.set(shardId, {
      shardId,
      parentShardId: shard.ParentShardId,
      startType: ctx.startAt === 'LATEST' && preExisting ? 'LATEST' : 'TRIM_HORIZON',
      iterator: undefined,
      // Resuming after the checkpoint: fetchRecords asks for AFTER_SEQUENCE_NUMBER.
      lastFetchedSequence: checkpoint === 'finished' ? undefined : checkpoint,
      pending: [],
      exhausted: skipWhole,
      finished: skipWhole,
      failedAttempts: 0,
    });
  }
}

/** One GetRecords into the cursor's pending records (a new iterator first when it has none or it expired). */
export async function fetchRecords(
  ctx: PollerContext,
  state: ConsumerState,
  cursor: ShardCursor,
): Promise<void> {
  const { client } = ctx;
  for (let attempt = 0; ; attempt++) {
    if (cursor.iterator === undefined) {
      const { ShardIterator } = await client.send(
        new GetShardIteratorCommand({
          StreamArn: ctx.streamArn,
          ShardId: cursor.shardId,
          ...(cursor.lastFetchedSequence
            ? { ShardIteratorType: 'AFTER_SEQUENCE_NUMBER', SequenceNumber: cursor.lastFetchedSequence }
            : { ShardIteratorType: cursor.startType }),
        }),
      );
      if (!ShardIterator) {
        cursor.exhausted = true;
        return;
      }
      cursor.iterator = ShardIterator;
    }
    try {
      const { Records = [], NextShardIterator } = await client.send(
        new GetRecordsCommand({ ShardIterator: cursor.iterator, Limit: GET_RECORDS_LIMIT }),
      );
      const filter = state.consumer.filter;
      state.recordsRead += Records.length;
      if (Records.length > 0) state.readsWithRecords += 1;
      for (const record of Records) {
        const lambdaRecord = toLambdaRecord(record, ctx.region, ctx.streamArn);
        if (!filter || filter(lambdaRecord)) cursor.pending.push(lambdaRecord);
      }
      const last = Records.at(-1)?.dynamodb?.SequenceNumber;
      if (last) cursor.lastFetchedSequence = last;
      // All read was filtered out: nothing is held before `last`, so the consumer is past it.
      if (last && cursor.pending.length === 0)
        ctx.checkpoints?.set(state.consumer.name, cursor.shardId, last);
      cursor.iterator = NextShardIterator ?? undefined;
      if (!NextShardIterator) cursor.exhausted = true;
      return;
    } catch (err) {
      const name = err instanceof Error ? err.name : '';
      if (name === 'ExpiredIteratorException' && attempt === 0) {
        cursor.iterator = undefined;
        continue;
      }
      if (name === 'TrimmedDataAccessException') {
        cursor.lastFetchedSequence = undefined;
        cursor.startType = 'TRIM_HORIZON';
      }
      // Any other failure (DynamoDB Local restarted, a dropped connection) may have left the
      // iterator unusable: the next poll asks for a new one after the last record read.
      cursor.iterator = undefined;
      throw err;
    }
  }
}

/** For a drain that timed out: what the consumer still holds. */
export function describeBacklog(state: ConsumerState): string {
  const cursors = [...state.cursors.values()];
  const pending = cursors.reduce((sum, cursor) => sum + cursor.pending.length, 0);
  const retrying = cursors.some((cursor) => cursor.failedAttempts > 0);
  return `${state.consumer.name} (${pending} read but undelivered${retrying ? ', retrying a failed batch' : ''})`;
}
