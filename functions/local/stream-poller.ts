/**
 * Local stand-in for Lambda's DynamoDB Streams event source mappings: reads every shard of the table's
 * stream and feeds each reader (a mapping: the manifest's stream readers) its own copy of the records
 * its filter lets through, in order, with Lambda's ReportBatchItemFailures semantics (retry from the
 * first failed record, give up after maxRetries and report the batch — the local on-failure
 * destination is onError). Reading: stream-cursors.ts; delivery: stream-delivery.ts; drain(): stream-drains.ts.
 */
import { DynamoDBStreamsClient } from '@aws-sdk/client-dynamodb-streams';
import {
  addNewShards,
  type ConsumerState,
  fetchRecords,
  newConsumerState,
  type PollerContext,
} from './stream-cursors';
import { deliverBatch } from './stream-delivery';
import { DrainCoordinator } from './stream-drains';
import {
  StreamBatchDiscardedError,
  type StreamConsumer,
  type StreamPoller,
  type StreamPollerOptions,
} from './stream-poller-api';
import { createShardList } from './stream-shards';

export { StreamBatchDiscardedError, type StreamConsumer, type StreamPoller, type StreamPollerOptions };

const DEFAULT_INTERVAL_MS = 250;
const DEFAULT_MAX_RETRIES = 3;
const DEFAULT_DRAIN_TIMEOUT_MS = 10_000;

export function startStreamPoller(opts: StreamPollerOptions): StreamPoller {
  const intervalMs = opts.intervalMs ?? DEFAULT_INTERVAL_MS;
  const onError =
    opts.onError ?? ((err: unknown, consumer: string) => console.error(`[stream ${consumer}]`, err));
  const client = new DynamoDBStreamsClient({
    endpoint: opts.endpoint,
    region: opts.region,
    credentials: opts.credentials,
  });
  const states: ConsumerState[] = opts.consumers.map(newConsumerState);
  const drains = new DrainCoordinator(states);
  const ctx: PollerContext = {
    client,
    streamArn: opts.streamArn,
    region: opts.region,
    startAt: opts.startAt ?? 'TRIM_HORIZON',
    maxRetries: opts.maxRetries ?? DEFAULT_MAX_RETRIES,
    checkpoints: opts.checkpoints,
    onError,
    shardList: createShardList(client, opts.streamArn),
    afterInvocation: () => drains.afterInvocation(),
  };
  const control = { stopped: false, paused: false };
  const loops = states.map((state) => runConsumer(ctx, state, drains, control, intervalMs));

  return {
    pause() {
      control.paused = true;
    },
    counts: () =>
      Object.fromEntries(
        states.map((s) => [
          s.consumer.name,
          { invocations: s.invocations, recordsRead: s.recordsRead, readsWithRecords: s.readsWithRecords },
        ]),
      ),
    resume() {
      control.paused = false;
      drains.wakeAll();
    },
    async stop() {
      if (control.stopped) return;
      control.stopped = true;
      drains.wakeAll();
      await Promise.all(loops);
      opts.checkpoints?.flush();
      drains.rejectAll(new Error('Stream poller stopped before drain finished'));
      client.destroy();
    },
    drain(timeoutMs = DEFAULT_DRAIN_TIMEOUT_MS) {
      if (control.stopped) return Promise.reject(new Error('Stream poller is stopped'));
      return drains.drain(timeoutMs);
    },
  };
}

interface LoopControl {
  stopped: boolean;
  paused: boolean;
}

/** One consumer's loop: a pass over the shards, then a nap unless it delivered something. */
async function runConsumer(
  ctx: PollerContext,
  state: ConsumerState,
  drains: DrainCoordinator,
  control: LoopControl,
  intervalMs: number,
): Promise<void> {
  while (!control.stopped) {
    if (control.paused) {
      await drains.sleep(intervalMs);
      continue;
    }
    const passGeneration = drains.generation;
    const passDelivery = drains.deliveries;
    let delivered = false;
    try {
      const result = await pass(ctx, state, passGeneration, control);
      delivered = result.delivered;
      state.lastErrorText = undefined;
      if (result.caughtUp) {
        state.caughtUpGeneration = Math.max(state.caughtUpGeneration, passGeneration);
        state.caughtUpAtDelivery = passDelivery;
        drains.settle();
      }
    } catch (err) {
      reportOnce(ctx, state, err);
    }
    if (!delivered && !control.stopped) await drains.sleep(intervalMs);
  }
}

/** One pass over the shards; returns whether anything was delivered and whether all was caught up. */
async function pass(ctx: PollerContext, state: ConsumerState, passGeneration: number, control: LoopControl) {
  addNewShards(ctx, state, await ctx.shardList.get(passGeneration));
  let delivered = false;
  let caughtUp = true;
  for (const cursor of state.cursors.values()) {
    if (control.stopped) return { delivered, caughtUp: false };
    if (cursor.finished) continue;
    const parent = cursor.parentShardId ? state.cursors.get(cursor.parentShardId) : undefined;
    if (parent && !parent.finished) {
      // Lambda finishes a parent shard before starting its children.
      caughtUp = false;
      continue;
    }
    if (cursor.pending.length < state.consumer.batchSize && !cursor.exhausted)
      await fetchRecords(ctx, state, cursor);
    if (cursor.pending.length === 0) {
      if (cursor.exhausted) {
        cursor.finished = true;
        ctx.checkpoints?.set(state.consumer.name, cursor.shardId, 'finished');
        // A closed shard means a child shard exists: look for it now.
        ctx.shardList.invalidate();
        caughtUp = false;
      }
      continue;
    }
    caughtUp = false;
    const outcome = await deliverBatch(ctx, state, cursor);
    if (outcome === 'delivered') delivered = true;
  }
  return { delivered, caughtUp };
}

function reportOnce(ctx: PollerContext, state: ConsumerState, err: unknown): void {
  // A dead endpoint fails every poll: say it once per streak.
  const text = String(err);
  if (text === state.lastErrorText) return;
  state.lastErrorText = text;
  ctx.onError(err, state.consumer.name);
}
