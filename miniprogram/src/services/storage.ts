import Taro from '@tarojs/taro';

/** Storage keys in one place: what the app keeps on the phone. */
export const STORAGE_KEYS = {
  session: 'session',
  demoCode: 'demoCode',
  outbox: 'outbox',
  /** What the server answered submissions sent from the outbox, newest first (a few dozen). */
  outboxSent: 'outboxSent',
  largeFont: 'largeFont',
  /** Grid and community names by code, so staff screens show names without signal (data/grid-names). */
  gridNames: 'gridNames',
  /** Notices this centre published on this phone (ids and titles), to look up who acknowledged them. */
  publishedNotices: 'publishedNotices',
  /** Which user accepted which privacy notice version on this phone, so the check is asked once. */
  privacyConsent: 'privacyConsent',
} as const;

export function readStored<T>(key: string): T | null {
  try {
    const value: unknown = Taro.getStorageSync(key);
    // Taro answers '' for a missing key.
    return value === '' || value === undefined || value === null ? null : (value as T);
  } catch {
    return null;
  }
}

export function writeStored(key: string, value: unknown): void {
  Taro.setStorageSync(key, value);
}

export function removeStored(key: string): void {
  Taro.removeStorageSync(key);
}

type Listener = () => void;

/** A tiny observable: stores notify React hooks (useSyncExternalStore) when they change. */
export function createSignal() {
  const listeners = new Set<Listener>();
  let version = 0;
  return {
    subscribe(listener: Listener): () => void {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    version: () => version,
    emit(): void {
      version++;
      for (const listener of [...listeners]) listener();
    },
  };
}
