/** What every scenario of a scale's run shares: the local stack, the load's shape, notes and the log. */
import type { LocalStack } from '../../functions/local/stack';

export interface ScaleContext {
  stack: LocalStack;
  /** Load shape of every HTTP run (autocannon) and, without the url, of every floor. */
  base: { url: string; connections: number; durationS: number };
  connections: number;
  durationS: number;
  /** Read scenarios: alternating rounds of HTTP then floor, each side `roundS` seconds (paired-rounds.ts). */
  readRounds: number;
  roundS: number;
  /** Findings printed under the scale's figures. */
  notes: string[];
  log: (msg: string) => void;
  /**
   * Drains the stream consumers so the next measurement does not share the machine with them.
   * During a write scenario they are paused (stack.pauseStreams): in Lambda they run in their own
   * functions, not in the API's process, so the request path is measured alone; settle() after it
   * lets them catch up before the next measurement.
   */
  settle: () => Promise<void>;
  /** Pause, resume and settle the stream consumers (what the write scenarios take). */
  streams: { pause(): void; resume(): void; settle(): Promise<void> };
}

export function scaleContext(o: {
  stack: LocalStack;
  connections: number;
  durationS: number;
  readRounds: number;
  notes: string[];
  log: (msg: string) => void;
}): ScaleContext {
  const { stack, notes } = o;
  const settle = async () => {
    for (let attempt = 0; attempt < 10; attempt++) {
      try {
        await stack.drainStreams();
        return;
      } catch {
        // Still behind after 20 s: wait again, up to ten times.
      }
    }
    notes.push('stream consumers did not catch up within 200 s after a write scenario');
  };
  return {
    ...o,
    // The rounds of a read scenario take twice one run's time in all (each side durationS × 2 ÷ rounds, at least 1 s).
    roundS: Math.max(1, (2 * o.durationS) / Math.max(1, o.readRounds)),
    base: { url: stack.apiUrl, connections: o.connections, durationS: o.durationS },
    settle,
    streams: { pause: () => stack.pauseStreams(), resume: () => stack.resumeStreams(), settle },
  };
}
