/**
 * Where each stream consumer got to in each shard, kept in a small JSON file next to the persisted
 * database, so a restart resumes after the last record each consumer finished with rather than at
 * the stream's end (which loses whatever was written just before the stop). Not in the table itself:
 * a checkpoint write would be a stream record of its own, delivered to every consumer, forever.
 */
import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';

/** A sequence number, or 'finished' for a closed shard read to its end. */
export type Checkpoint = string | 'finished';

export interface StreamCheckpoints {
  /** True when the file held checkpoints of this stream: the poller resumes from them. */
  readonly resumed: boolean;
  get(consumer: string, shardId: string): Checkpoint | undefined;
  set(consumer: string, shardId: string, checkpoint: Checkpoint): void;
  /** Writes pending changes now (they are otherwise written within WRITE_DELAY_MS). */
  flush(): void;
}

interface CheckpointFile {
  streamArn: string;
  consumers: Record<string, Record<string, Checkpoint>>;
}

const WRITE_DELAY_MS = 200;

export function fileCheckpoints(path: string, streamArn: string): StreamCheckpoints {
  let stored: CheckpointFile | undefined;
  if (existsSync(path)) {
    try {
      stored = JSON.parse(readFileSync(path, 'utf8')) as CheckpointFile;
    } catch {
      stored = undefined; // a torn or hand-edited file: start over as without one
    }
  }
  // A table created anew has a new stream: the old checkpoints mean nothing there.
  const resumed = stored?.streamArn === streamArn;
  const data: CheckpointFile = resumed && stored ? stored : { streamArn, consumers: {} };
  let timer: NodeJS.Timeout | undefined;

  const flush = () => {
    if (timer) clearTimeout(timer);
    timer = undefined;
    // Written whole and renamed into place: a crash mid-write leaves the previous file.
    writeFileSync(`${path}.tmp`, JSON.stringify(data));
    renameSync(`${path}.tmp`, path);
  };
  return {
    resumed,
    get: (consumer, shardId) => data.consumers[consumer]?.[shardId],
    set(consumer, shardId, checkpoint) {
      data.consumers[consumer] ??= {};
      data.consumers[consumer][shardId] = checkpoint;
      timer ??= setTimeout(flush, WRITE_DELAY_MS);
      timer.unref();
    },
    flush,
  };
}
