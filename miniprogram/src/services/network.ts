import Taro from '@tarojs/taro';
import { flushOutbox } from './outbox';
import { createSignal } from './storage';

export const networkSignal = createSignal();
let online = true;

export function isOnline(): boolean {
  return online;
}

function setOnline(next: boolean): void {
  const cameBack = next && !online;
  online = next;
  networkSignal.emit();
  if (cameBack) void flushOutbox();
}

let watching = false;

/** Follows the connection and sends the outbox when it comes back. Called once at launch. */
export function watchNetwork(): void {
  if (watching) return;
  watching = true;
  Taro.onNetworkStatusChange(({ isConnected }) => setOnline(isConnected));
  // Taro's h5 listens to navigator.connection only, which most browsers lack (and answers
  // 'unknown' when asked): the browser's own online state and events tell it there.
  if (process.env.TARO_ENV === 'h5' && typeof window !== 'undefined') {
    // Opened without signal (from the service worker's copy): say so at once.
    setOnline(navigator.onLine !== false);
    window.addEventListener('online', () => setOnline(true));
    window.addEventListener('offline', () => setOnline(false));
    return;
  }
  Taro.getNetworkType()
    .then(({ networkType }) => setOnline(networkType !== 'none'))
    .catch(() => {});
}
