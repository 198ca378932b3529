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
  /**
   * A reader with no checkpoints of its own starts where the earliest of `formerNames` got to in each
   * shard (a database whose checkpoints predate the dispatcher kept them per consumer): nothing any of
   * them had not finished is skipped, and what is redelivered the consumers count once.
   */
  adopt(reader: string, formerNames: readonly string[]): void;
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
    adopt(reader, formerNames) {
      if (data.consumers[reader]) return;
      const former = formerNames.flatMap((name) => (data.consumers[name] ? [data.consumers[name]] : []));
      if (former.length === 0) return;
      const shards = new Set(former.flatMap((checkpoints) => Object.keys(checkpoints)));
      const adopted: Record<string, Checkpoint> = {};
      for (const shardId of shards) {
        const points = former.map((checkpoints) => checkpoints[shardId]);
        // A consumer with no checkpoint in a shard had read none of it: so must the reader.
        if (points.some((p) => p === undefined)) continue;
        adopted[shardId] = (points as Checkpoint[]).reduce(earlier);
      }
      data.consumers[reader] = adopted;
      flush();
    },
  };
}

/** The earlier of two checkpoints: 'finished' is after every sequence number; those compare as numbers. */
function earlier(a: Checkpoint, b: Checkpoint): Checkpoint {
  if (a === 'finished') return b;
  if (b === 'finished') return a;
  const order = a.length - b.length || a.localeCompare(b);
  return order <= 0 ? a : b;
}
