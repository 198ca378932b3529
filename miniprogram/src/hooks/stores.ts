import { useCallback, useEffect, useRef, useState, useSyncExternalStore } from 'react';
import { isOnline, networkSignal } from '../services/network';
import { isFlushing, type OutboxItem, outboxItems, outboxSignal } from '../services/outbox';
import { isLargeFont, preferencesSignal, setLargeFont } from '../services/preferences';
import { currentSession, type Session, sessionSignal } from '../services/session';

export function useSession(): Session | null {
  useSyncExternalStore(sessionSignal.subscribe, sessionSignal.version);
  return currentSession();
}

export function useOutbox(): { items: OutboxItem[]; flushing: boolean } {
  useSyncExternalStore(outboxSignal.subscribe, outboxSignal.version);
  return { items: outboxItems(), flushing: isFlushing() };
}

export function useOnline(): boolean {
  return useSyncExternalStore(networkSignal.subscribe, isOnline);
}

export function useLargeFont(): [boolean, (on: boolean) => void] {
  const on = useSyncExternalStore(preferencesSignal.subscribe, isLargeFont);
  return [on, setLargeFont];
}

export type Loadable<T> =
  | { status: 'loading' }
  | { status: 'error'; error: unknown }
  | { status: 'ready'; data: T };

/**
 * Loads on mount, when `key` changes and on reload(); ignores answers that arrive after a newer
 * load started. The latest `load` is always used, so callers may pass an inline function.
 */
export function useLoad<T>(
  load: () => Promise<T>,
  key = '',
): Loadable<T> & { reload(): void; refresh(): void } {
  const [state, setState] = useState<Loadable<T>>({ status: 'loading' });
  const generation = useRef(0);
  const latest = useRef(load);
  latest.current = load;
  // refresh() keeps what is on screen until the new answer arrives (no loading flash, rows keep state).
  const run = useCallback((quiet = false) => {
    const mine = ++generation.current;
    if (!quiet) setState({ status: 'loading' });
    latest.current().then(
      (data) => mine === generation.current && setState({ status: 'ready', data }),
      (error: unknown) => mine === generation.current && setState({ status: 'error', error }),
    );
  }, []);
  // biome-ignore lint/correctness/useExhaustiveDependencies: `key` is what tells a new load is due
  useEffect(() => run(), [run, key]);
  return { ...state, reload: () => run(), refresh: () => run(true) };
}
