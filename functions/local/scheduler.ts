/** Local stand-in for EventBridge `rate(N minutes)` schedules: one timer per job, never overlapping. */

/** setInterval's longest delay (a signed 32-bit number of milliseconds). */
const MAX_TIMER_MS = 2 ** 31 - 1;

export interface ScheduledJob {
  name: string;
  everyMinutes: number;
  run: () => Promise<unknown>;
}

export interface ScheduleOptions {
  /** 60 makes a 1-minute job run every second. */
  speedup?: number;
  /** Errors of timer-started runs (runNow rejects instead). */
  onError?: (err: unknown, name: string) => void;
  log?: (msg: string) => void;
}

export interface Schedules {
  /** No more runs start; resolves once the runs going have finished. */
  stop(): Promise<void>;
  /** Runs the job now (after the current run, if one is going) and settles with its result. */
  runNow(name: string): Promise<unknown>;
}

export function startSchedules(
  schedules: ReadonlyArray<ScheduledJob>,
  opts: ScheduleOptions = {},
): Schedules {
  const speedup = opts.speedup ?? 1;
  if (!(speedup > 0)) throw new Error(`speedup must be positive, got ${speedup}`);
  const log = opts.log ?? (() => {});
  const onError = opts.onError ?? ((err: unknown, name: string) => console.error(`[schedule ${name}]`, err));

  const running = new Map<string, Promise<unknown>>();
  const jobs = new Map<string, ScheduledJob>();
  const timers: NodeJS.Timeout[] = [];
  let stopped = false;

  const start = (job: ScheduledJob): Promise<unknown> => {
    const startedAt = Date.now();
    const run = (async () => {
      try {
        const result = await job.run();
        log(`schedule ${job.name} finished in ${Date.now() - startedAt} ms`);
        return result;
      } finally {
        running.delete(job.name);
      }
    })();
    running.set(job.name, run);
    return run;
  };

  for (const job of schedules) {
    if (jobs.has(job.name)) throw new Error(`Duplicate schedule name ${job.name}`);
    if (!(job.everyMinutes > 0)) throw new Error(`Schedule ${job.name}: everyMinutes must be positive`);
    jobs.set(job.name, job);
    const intervalMs = Math.max(1, (job.everyMinutes * 60_000) / speedup);
    // Node turns a longer delay into 1 ms, which would run the job nonstop: such a job (a slowed-down
    // daily one, e.g. in the benchmark) runs on demand only (runNow / the control endpoint).
    if (intervalMs > MAX_TIMER_MS) {
      log(`schedule ${job.name} runs on demand only: every ${intervalMs} ms is over the timer limit`);
      continue;
    }
    const timer = setInterval(() => {
      if (stopped) return;
      if (running.has(job.name)) {
        log(`schedule ${job.name} skipped: previous run still going`);
        return;
      }
      start(job).catch((err: unknown) => onError(err, job.name));
    }, intervalMs);
    timer.unref();
    timers.push(timer);
    log(`schedule ${job.name} every ${intervalMs} ms`);
  }

  return {
    async stop() {
      stopped = true;
      for (const timer of timers) clearInterval(timer);
      await Promise.allSettled([...running.values()]);
    },
    async runNow(name) {
      const job = jobs.get(name);
      if (!job) throw new Error(`No schedule named ${name}`);
      for (let current = running.get(name); current; current = running.get(name)) {
        await current.catch(() => {});
      }
      return start(job);
    },
  };
}
