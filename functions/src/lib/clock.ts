/**
 * The time a use case runs at. In AWS it is always the real clock. The local runtime's tests may
 * run a request or a job at another instant (before and after a deadline, across midnight)
 * without moving the clock for anyone else: the override lives in async context, per call.
 */
import { AsyncLocalStorage } from 'node:async_hooks';

const override = new AsyncLocalStorage<Date>();

export function now(): Date {
  return override.getStore() ?? new Date();
}

export function runAt<T>(at: Date, fn: () => T): T {
  return override.run(at, fn);
}

/** Only the local runtime sets this (LOCAL_CLOCK_OVERRIDE=on); infra never does. */
export function clockOverrideAllowed(): boolean {
  return process.env.LOCAL_CLOCK_OVERRIDE === 'on';
}
