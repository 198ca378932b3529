import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { startSchedules } from '../../local/scheduler';

describe('startSchedules', () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('runs each job every everyMinutes, divided by speedup', async () => {
    const runs: Record<string, number> = { fast: 0, slow: 0 };
    const schedules = startSchedules(
      [
        { name: 'fast', everyMinutes: 1, run: async () => (runs.fast = (runs.fast ?? 0) + 1) },
        { name: 'slow', everyMinutes: 5, run: async () => (runs.slow = (runs.slow ?? 0) + 1) },
      ],
      { speedup: 60 },
    );
    await vi.advanceTimersByTimeAsync(999);
    expect(runs).toEqual({ fast: 0, slow: 0 });
    await vi.advanceTimersByTimeAsync(10_001);
    expect(runs).toEqual({ fast: 11, slow: 2 });
    schedules.stop();
    await vi.advanceTimersByTimeAsync(10_000);
    expect(runs).toEqual({ fast: 11, slow: 2 });
  });

  it('never overlaps runs of the same job: a tick during a run is skipped', async () => {
    let active = 0;
    let maxActive = 0;
    let runs = 0;
    const logs: string[] = [];
    const schedules = startSchedules(
      [
        {
          name: 'long',
          everyMinutes: 1,
          run: async () => {
            active += 1;
            runs += 1;
            maxActive = Math.max(maxActive, active);
            await new Promise((resolve) => setTimeout(resolve, 2500));
            active -= 1;
          },
        },
      ],
      { speedup: 60, log: (msg) => logs.push(msg) },
    );
    // Ticks at 1 s (runs until 3.5 s), 2 s and 3 s skipped, 4 s runs until 6.5 s, 5 s skipped.
    await vi.advanceTimersByTimeAsync(5_500);
    expect(runs).toBe(2);
    expect(maxActive).toBe(1);
    expect(logs.filter((line) => line.includes('skipped'))).toHaveLength(3);
    schedules.stop();
  });

  it('reports errors of timer runs to onError and keeps the schedule going', async () => {
    const errors: Array<[string, string]> = [];
    let calls = 0;
    const schedules = startSchedules(
      [
        {
          name: 'failing',
          everyMinutes: 1,
          run: async () => {
            calls += 1;
            throw new Error(`failure ${calls}`);
          },
        },
      ],
      { speedup: 60, onError: (err, name) => errors.push([name, (err as Error).message]) },
    );
    await vi.advanceTimersByTimeAsync(2_000);
    expect(errors).toEqual([
      ['failing', 'failure 1'],
      ['failing', 'failure 2'],
    ]);
    schedules.stop();
  });

  it('timers do not keep the process alive', () => {
    const spy = vi.spyOn(globalThis, 'setInterval');
    const schedules = startSchedules([{ name: 'job', everyMinutes: 1, run: async () => {} }]);
    const timer = spy.mock.results[0]?.value as NodeJS.Timeout;
    expect(timer.hasRef()).toBe(false);
    schedules.stop();
    spy.mockRestore();
  });
});

describe('runNow', () => {
  it('runs a job immediately and settles with its outcome', async () => {
    let runs = 0;
    const schedules = startSchedules([
      { name: 'job', everyMinutes: 60, run: async () => (runs += 1) },
      {
        name: 'bad',
        everyMinutes: 60,
        run: async () => {
          throw new Error('bad job');
        },
      },
    ]);
    await schedules.runNow('job');
    expect(runs).toBe(1);
    await expect(schedules.runNow('bad')).rejects.toThrow('bad job');
    await expect(schedules.runNow('nope')).rejects.toThrow('No schedule named nope');
    schedules.stop();
  });

  it('waits for a run in progress instead of overlapping it, then runs afresh', async () => {
    const events: string[] = [];
    let release: () => void = () => {};
    const schedules = startSchedules([
      {
        name: 'job',
        everyMinutes: 60,
        run: async () => {
          events.push('start');
          await new Promise<void>((resolve) => {
            release = resolve;
          });
          events.push('end');
        },
      },
    ]);
    const first = schedules.runNow('job');
    const second = schedules.runNow('job');
    await new Promise((resolve) => setTimeout(resolve, 10));
    expect(events).toEqual(['start']);
    release();
    await first;
    await new Promise((resolve) => setTimeout(resolve, 10));
    expect(events).toEqual(['start', 'end', 'start']);
    release();
    await second;
    expect(events).toEqual(['start', 'end', 'start', 'end']);
    schedules.stop();
  });
});
