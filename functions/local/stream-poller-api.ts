/** The local stream poller's public shapes: what it is given (readers, options) and what it gives back. */
import type { DynamoDBBatchResponse, DynamoDBRecord, DynamoDBStreamEvent } from 'aws-lambda';
import type { StreamCheckpoints } from './stream-checkpoints';

export interface StreamConsumer {
  name: string;
  batchSize: number;
  handler: (event: DynamoDBStreamEvent) => Promise<DynamoDBBatchResponse | undefined> | Promise<void>;
  /** The mapping's filter criteria: records it rejects never reach the handler (and cost no invocation). */
  filter?: (record: DynamoDBRecord) => boolean;
}

export interface StreamPollerOptions {
  endpoint: string;
  region: string;
  credentials: { accessKeyId: string; secretAccessKey: string };
  streamArn: string;
  consumers: ReadonlyArray<StreamConsumer>;
  /** Pause between polls when a consumer is idle, and before a retry. */
  intervalMs?: number;
  onError?: (err: unknown, consumer: string) => void;
  /** Where a consumer starts in shards that exist when the poller starts. */
  startAt?: 'TRIM_HORIZON' | 'LATEST';
  /** Retries of a failing batch before it is discarded and reported (Lambda's MaximumRetryAttempts). */
  maxRetries?: number;
  /**
   * Where each consumer got to in each shard, kept across restarts (a persisted database): a shard
   * with a checkpoint resumes after it, whatever startAt says, so nothing written before a stop is lost.
   */
  checkpoints?: StreamCheckpoints;
}

export interface StreamConsumerCounts {
  invocations: number;
  recordsRead: number;
  readsWithRecords: number;
}

export interface StreamPoller {
  stop(): Promise<void>;
  /**
   * Resolves once the system is quiet: every consumer has processed (or given up on) every record
   * written before the call, and every record written since by the consumers themselves (a pass
   * after the last delivery anywhere found nothing left).
   */
  drain(timeoutMs?: number): Promise<void>;
  /** Per consumer: handler invocations so far, stream records read (before its filter) and reads that returned any. */
  counts(): Record<string, StreamConsumerCounts>;
  /**
   * Holds delivery (records wait in the stream, as behind a slow consumer) until resume(); the
   * benchmark measures the request path alone this way, the consumers running apart as in Lambda.
   */
  pause(): void;
  resume(): void;
}

/** Handed to onError when a batch is dropped after its retries. */
export class StreamBatchDiscardedError extends Error {
  override readonly name = 'StreamBatchDiscardedError';
  constructor(
    readonly consumer: string,
    readonly sequenceNumbers: readonly string[],
    readonly attempts: number,
    options: { cause: unknown },
  ) {
    super(
      `Stream consumer ${consumer} gave up on ${sequenceNumbers.length} record(s) after ${attempts} attempts ` +
        `(first sequence number ${sequenceNumbers[0]})`,
      options,
    );
  }
}
