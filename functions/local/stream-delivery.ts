/**
 * Delivering a cursor's head batch to its consumer with Lambda's ReportBatchItemFailures semantics:
 * retry from the first failed record, give up after maxRetries and report the batch to onError.
 */
import type { DynamoDBRecord } from 'aws-lambda';
import type { ConsumerState, PollerContext, ShardCursor } from './stream-cursors';
import { StreamBatchDiscardedError } from './stream-poller-api';

export type StepOutcome = 'idle' | 'delivered' | 'failed';

export async function deliverBatch(
  ctx: PollerContext,
  state: ConsumerState,
  cursor: ShardCursor,
): Promise<StepOutcome> {
  const { consumer } = state;
  const batch = cursor.pending.slice(0, Math.max(1, consumer.batchSize));
  const sequenceNumbers = batch.map((record) => record.dynamodb?.SequenceNumber ?? '');
  let failedFrom: number;
  let failure: unknown;
  state.invocations += 1;
  try {
    // A fresh copy per delivery: a handler that mutates its event must not change the retry.
    const result = await consumer.handler({ Records: structuredClone(batch) }).finally(ctx.afterInvocation);
    const failures = result?.batchItemFailures ?? [];
    if (failures.length === 0) {
      takeDelivered(ctx, state, cursor, batch.length);
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
    takeDelivered(ctx, state, cursor, failedFrom);
    cursor.failedAttempts = 0;
  }
  cursor.failedAttempts += 1;
  if (cursor.failedAttempts <= ctx.maxRetries) return 'failed';

  const discarded = takeDelivered(ctx, state, cursor, batch.length - failedFrom);
  const attempts = cursor.failedAttempts;
  cursor.failedAttempts = 0;
  ctx.onError(
    new StreamBatchDiscardedError(
      consumer.name,
      discarded.map((record) => record.dynamodb?.SequenceNumber ?? ''),
      attempts,
      { cause: failure },
    ),
    consumer.name,
  );
  return 'delivered';
}

/** Takes delivered (or given-up) records off the head of pending and checkpoints the last one. */
function takeDelivered(
  ctx: PollerContext,
  state: ConsumerState,
  cursor: ShardCursor,
  count: number,
): DynamoDBRecord[] {
  const removed = cursor.pending.splice(0, count);
  const last = removed.at(-1)?.dynamodb?.SequenceNumber;
  if (last) ctx.checkpoints?.set(state.consumer.name, cursor.shardId, last);
  return removed;
}
