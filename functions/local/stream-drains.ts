/**
 * The stream poller's clock of quiet: drain() generations, the count of deliveries, the sleeping
 * consumer loops a drain wakes, and the waiters that settle once every consumer has caught up.
 */
import { type ConsumerState, describeBacklog } from './stream-cursors';

interface DrainWaiter {
  generation: number;
  resolve: () => void;
  reject: (err: Error) => void;
}

export class DrainCoordinator {
  /** Bumped by every drain(); a consumer pass that started at generation g has seen all writes before it. */
  generation = 0;
  /** Handler invocations by any consumer: each may have written records the others must see. */
  deliveries = 0;
  private readonly wakers = new Set<() => void>();
  private readonly waiters = new Set<DrainWaiter>();

  constructor(private readonly states: readonly ConsumerState[]) {}

  /** Waits `ms`, or less when woken (a drain, a resume, a stop, or another consumer's delivery). */
  sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const wake = (): void => {
        clearTimeout(timer);
        this.wakers.delete(wake);
        resolve();
      };
      const timer = setTimeout(wake, ms);
      this.wakers.add(wake);
    });
  }

  wakeAll(): void {
    for (const wake of [...this.wakers]) wake();
  }

  /** After every invocation: what it wrote must be seen before a drain settles; wake the others to look. */
  afterInvocation(): void {
    this.deliveries += 1;
    if (this.waiters.size > 0) this.wakeAll();
  }

  /** Resolves the drains every consumer has caught up with, if nothing was delivered since. */
  settle(): void {
    const caughtUp = Math.min(...this.states.map((state) => state.caughtUpGeneration));
    // Quiet: each consumer's clean pass started after the last delivery anywhere.
    const quiet = this.states.every((state) => state.caughtUpAtDelivery === this.deliveries);
    for (const waiter of this.waiters) {
      if (quiet && caughtUp >= waiter.generation) {
        this.waiters.delete(waiter);
        waiter.resolve();
      }
    }
  }

  drain(timeoutMs: number): Promise<void> {
    this.generation += 1;
    const target = this.generation;
    return new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.waiters.delete(waiter);
        const behind = this.states
          .filter(
            (state) => state.caughtUpGeneration < target || state.caughtUpAtDelivery !== this.deliveries,
          )
          .map((state) => describeBacklog(state));
        reject(new Error(`Stream consumers not caught up after ${timeoutMs} ms: ${behind.join('; ')}`));
      }, timeoutMs);
      const waiter: DrainWaiter = {
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
      this.waiters.add(waiter);
      this.settle();
      this.wakeAll();
    });
  }

  /** On stop: every drain still waiting fails. */
  rejectAll(err: Error): void {
    for (const waiter of this.waiters) waiter.reject(err);
    this.waiters.clear();
  }
}
