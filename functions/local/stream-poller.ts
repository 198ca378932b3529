/**
 * Local stand-in for Lambda's DynamoDB Streams event source mappings: reads every shard of the table's
 * stream and feeds each reader (a mapping: the manifest's stream readers) its own copy of the records
 * its filter lets through, in order, with Lambda's ReportBatchItemFailures semantics (retry from the
 * first failed record, give up after maxRetries and report the batch — the local on-failure
 * destination is onError).
 */
import {
  DynamoDBStreamsClient,
  GetRecordsCommand,
  GetShardIteratorCommand,
  type Shard,
} from '@aws-sdk/client-dynamodb-streams';
import type { DynamoDBRecord } from 'aws-lambda';
import {
  StreamBatchDiscardedError,
  type StreamConsumer,
  type StreamPoller,
  type StreamPollerOptions,
} from './stream-poller-api';
import { toLambdaRecord } from './stream-records';
import { createShardList } from './stream-shards';

export { StreamBatchDiscardedError, type StreamConsumer, type StreamPoller, type StreamPollerOptions };

const DEFAULT_INTERVAL_MS = 250;
const DEFAULT_MAX_RETRIES = 3;
const DEFAULT_DRAIN_TIMEOUT_MS = 10_000;
const GET_RECORDS_LIMIT = 1000;

interface ShardCursor {
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

interface ConsumerState {
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

type StepOutcome = 'idle' | 'delivered' | 'failed';

export function startStreamPoller(opts: StreamPollerOptions): StreamPoller {
  const intervalMs = opts.intervalMs ?? DEFAULT_INTERVAL_MS;
  const maxRetries = opts.maxRetries ?? DEFAULT_MAX_RETRIES;
  const startAt = opts.startAt ?? 'TRIM_HORIZON';
  const onError =
    opts.onError ?? ((err: unknown, consumer: string) => console.error(`[stream ${consumer}]`, err));
  const client = new DynamoDBStreamsClient({
    endpoint: opts.endpoint,
    region: opts.region,
    credentials: opts.credentials,
  });

  let stopped = false;
  /** Bumped by every drain(); a consumer pass that started at generation g has seen all writes before it. */
  let generation = 0;
  /** Handler invocations by any consumer: each may have written records the others must see. */
  let deliveries = 0;
  const wakers = new Set<() => void>();
  const drainWaiters = new Set<{ generation: number; resolve: () => void; reject: (err: Error) => void }>();

  const shardList = createShardList(client, opts.streamArn);
  const states: ConsumerState[] = opts.consumers.map((consumer) => ({
    consumer,
    cursors: new Map(),
    caughtUpGeneration: -1,
    caughtUpAtDelivery: -1,
    invocations: 0,
    recordsRead: 0,
    readsWithRecords: 0,
    lastErrorText: undefined,
  }));

  const sleep = (ms: number): Promise<void> =>
    new Promise((resolve) => {
      const wake = (): void => {
        clearTimeout(timer);
        wakers.delete(wake);
        resolve();
      };
      const timer = setTimeout(wake, ms);
      wakers.add(wake);
    });
  const wakeAll = (): void => {
    for (const wake of [...wakers]) wake();
  };

  const settleDrains = (): void => {
    const caughtUp = Math.min(...states.map((state) => state.caughtUpGeneration));
    // Quiet: each consumer's clean pass started after the last delivery anywhere.
    const quiet = states.every((state) => state.caughtUpAtDelivery === deliveries);
    for (const waiter of drainWaiters) {
      if (quiet && caughtUp >= waiter.generation) {
        drainWaiters.delete(waiter);
        waiter.resolve();
      }
    }
  };

  const reportOnce = (state: ConsumerState, err: unknown): void => {
    // A dead endpoint fails every poll: say it once per streak.
    const text = String(err);
    if (text === state.lastErrorText) return;
    state.lastErrorText = text;
    onError(err, state.consumer.name);
  };

  const addNewShards = (state: ConsumerState, shards: readonly Shard[]): void => {
    for (const shard of shards) {
      const shardId = shard.ShardId;
      if (!shardId || state.cursors.has(shardId)) continue;
      const preExisting = shardList.initialShardIds?.has(shardId) ?? false;
      const closed = shard.SequenceNumberRange?.EndingSequenceNumber !== undefined;
      const checkpoint = opts.checkpoints?.get(state.consumer.name, shardId);
      const skipWhole =
        checkpoint === 'finished' ||
        (checkpoint === undefined && startAt === 'LATEST' && preExisting && closed);
      state.cursors.set(shardId, {
        shardId,
        parentShardId: shard.ParentShardId,
        startType: startAt === 'LATEST' && preExisting ? 'LATEST' : 'TRIM_HORIZON',
        iterator: undefined,
        // Resuming after the checkpoint: fetchRecords asks for AFTER_SEQUENCE_NUMBER.
        lastFetchedSequence: checkpoint === 'finished' ? undefined : checkpoint,
        pending: [],
        exhausted: skipWhole,
        finished: skipWhole,
        failedAttempts: 0,
      });
    }
  };

  const fetchRecords = async (state: ConsumerState, cursor: ShardCursor): Promise<void> => {
    for (let attempt = 0; ; attempt++) {
      if (cursor.iterator === undefined) {
        const { ShardIterator } = await client.send(
          new GetShardIteratorCommand({
            StreamArn: opts.streamArn,
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
          const lambdaRecord = toLambdaRecord(record, opts.region, opts.streamArn);
          if (!filter || filter(lambdaRecord)) cursor.pending.push(lambdaRecord);
        }
        const last = Records.at(-1)?.dynamodb?.SequenceNumber;
        if (last) cursor.lastFetchedSequence = last;
        // All read was filtered out: nothing is held before `last`, so the consumer is past it.
        if (last && cursor.pending.length === 0)
          opts.checkpoints?.set(state.consumer.name, cursor.shardId, last);
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
  };

  const deliverBatch = async (state: ConsumerState, cursor: ShardCursor): Promise<StepOutcome> => {
    const { consumer } = state;
    const batch = cursor.pending.slice(0, Math.max(1, consumer.batchSize));
    const sequenceNumbers = batch.map((record) => record.dynamodb?.SequenceNumber ?? '');
    let failedFrom: number;
    let failure: unknown;
    state.invocations += 1;
    try {
      // A fresh copy per delivery: a handler that mutates its event must not change the retry.
      const result = await consumer.handler({ Records: structuredClone(batch) }).finally(afterInvocation);
      const failures = result?.batchItemFailures ?? [];
      if (failures.length === 0) {
        done(state, cursor, batch.length);
        cursor.failedAttempts = 0;
        return 'delivered';
      }
      // An identifier that is not in the batch fails the whole batch, as in Lambda.
      failedFrom = Math.min(
        ...failures.map((item) => {
          const index = item.itemIdentifier ? sequenceNumbers.indexOf(item.itemIdentifier) : -1;
          return Math.max(index, 0);
        }),
      );
      failure = new Error(
        `Consumer ${consumer.name} reported failed items: ${failures.map((item) => item.itemIdentifier).join(', ')}`,
      );
    } catch (err) {
      failedFrom = 0;
      failure = err;
    }
    if (failedFrom > 0) {
      // The succeeded prefix is checkpointed; the retry starts at the first failed record.
      done(state, cursor, failedFrom);
      cursor.failedAttempts = 0;
    }
    cursor.failedAttempts += 1;
    if (cursor.failedAttempts <= maxRetries) return 'failed';

    const discarded = done(state, cursor, batch.length - failedFrom);
    const attempts = cursor.failedAttempts;
    cursor.failedAttempts = 0;
    onError(
      new StreamBatchDiscardedError(
        consumer.name,
        discarded.map((record) => record.dynamodb?.SequenceNumber ?? ''),
        attempts,
        { cause: failure },
      ),
      consumer.name,
    );
    return 'delivered';
  };

  /** After every invocation: what it wrote must be seen before a drain settles; wake the others to look. */
  const afterInvocation = (): void => {
    deliveries += 1;
    if (drainWaiters.size > 0) wakeAll();
  };

  /** Takes delivered (or given-up) records off the head of pending and checkpoints the last one. */
  const done = (state: ConsumerState, cursor: ShardCursor, count: number): DynamoDBRecord[] => {
    const removed = cursor.pending.splice(0, count);
    const last = removed.at(-1)?.dynamodb?.SequenceNumber;
    if (last) opts.checkpoints?.set(state.consumer.name, cursor.shardId, last);
    return removed;
  };

  /** One pass over the shards; returns whether anything was delivered and whether all was caught up. */
  const pass = async (state: ConsumerState, passGeneration: number) => {
    addNewShards(state, await shardList.get(passGeneration));
    let delivered = false;
    let caughtUp = true;
    for (const cursor of state.cursors.values()) {
      if (stopped) return { delivered, caughtUp: false };
      if (cursor.finished) continue;
      const parent = cursor.parentShardId ? state.cursors.get(cursor.parentShardId) : undefined;
      if (parent && !parent.finished) {
        // Lambda finishes a parent shard before starting its children.
        caughtUp = false;
        continue;
      }
      if (cursor.pending.length < state.consumer.batchSize && !cursor.exhausted)
        await fetchRecords(state, cursor);
      if (cursor.pending.length === 0) {
        if (cursor.exhausted) {
          cursor.finished = true;
          opts.checkpoints?.set(state.consumer.name, cursor.shardId, 'finished');
          // A closed shard means a child shard exists: look for it now.
          shardList.invalidate();
          caughtUp = false;
        }
        continue;
      }
      caughtUp = false;
      const outcome = await deliverBatch(state, cursor);
      if (outcome === 'delivered') delivered = true;
    }
    return { delivered, caughtUp };
  };

  const run = async (state: ConsumerState): Promise<void> => {
    while (!stopped) {
      if (paused) {
        await sleep(intervalMs);
        continue;
      }
      const passGeneration = generation;
      const passDelivery = deliveries;
      let delivered = false;
      try {
        const result = await pass(state, passGeneration);
        delivered = result.delivered;
        state.lastErrorText = undefined;
        if (result.caughtUp) {
          state.caughtUpGeneration = Math.max(state.caughtUpGeneration, passGeneration);
          state.caughtUpAtDelivery = passDelivery;
          settleDrains();
        }
      } catch (err) {
        reportOnce(state, err);
      }
      if (!delivered && !stopped) await sleep(intervalMs);
    }
  };

  let paused = false;
  const loops = states.map((state) => run(state));

  return {
    pause() {
      paused = true;
    },
    counts: () =>
      Object.fromEntries(
        states.map((s) => [
          s.consumer.name,
          { invocations: s.invocations, recordsRead: s.recordsRead, readsWithRecords: s.readsWithRecords },
        ]),
      ),
    resume() {
      paused = false;
      wakeAll();
    },
    async stop() {
      if (stopped) return;
      stopped = true;
      wakeAll();
      await Promise.all(loops);
      opts.checkpoints?.flush();
      for (const waiter of drainWaiters)
        waiter.reject(new Error('Stream poller stopped before drain finished'));
      drainWaiters.clear();
      client.destroy();
    },
    drain(timeoutMs = DEFAULT_DRAIN_TIMEOUT_MS) {
      if (stopped) return Promise.reject(new Error('Stream poller is stopped'));
      generation += 1;
      const target = generation;
      return new Promise<void>((resolve, reject) => {
        const timer = setTimeout(() => {
          drainWaiters.delete(waiter);
          const behind = states
            .filter((state) => state.caughtUpGeneration < target || state.caughtUpAtDelivery !== deliveries)
            .map((state) => describeBacklog(state));
          reject(new Error(`Stream consumers not caught up after ${timeoutMs} ms: ${behind.join('; ')}`));
        }, timeoutMs);
        const waiter = {
          generation: target,
          resolve: () => {
            clearTimeout(timer);
            resolve();
          },
          reject: (err: Error) => {
            clearTimeout(timer);
            reject(err);
          },
        };
        drainWaiters.add(waiter);
        settleDrains();
        wakeAll();
      });
    },
  };
}

function describeBacklog(state: ConsumerState): string {
  const cursors = [...state.cursors.values()];
  const pending = cursors.reduce((sum, cursor) => sum + cursor.pending.length, 0);
  const retrying = cursors.some((cursor) => cursor.failedAttempts > 0);
  return `${state.consumer.name} (${pending} read but undelivered${retrying ? ', retrying a failed batch' : ''})`;
}
