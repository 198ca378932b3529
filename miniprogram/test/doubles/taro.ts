/**
 * A small stand-in for @tarojs/taro in unit tests (jsdom). Requests go over real HTTP with fetch,
 * the way Taro's h5 build does, so the request wrapper is tested against a real server; storage is
 * in memory; navigation and phone calls are recorded.
 */
import { useEffect } from 'react';

interface RequestOptions {
  url: string;
  method?: string;
  header?: Record<string, string>;
  data?: unknown;
  timeout?: number;
}

const storage = new Map<string, unknown>();
const networkListeners = new Set<(r: { isConnected: boolean; networkType: string }) => void>();

export const taroDouble = {
  loginCode: 'wx-code',
  loginCalls: 0,
  navigations: [] as Array<{ kind: string; url?: string }>,
  phoneCalls: [] as string[],
  routerParams: {} as Record<string, string>,
  reset(): void {
    storage.clear();
    networkListeners.clear();
    this.loginCode = 'wx-code';
    this.loginCalls = 0;
    this.navigations = [];
    this.phoneCalls = [];
    this.routerParams = {};
  },
  setNetwork(isConnected: boolean): void {
    for (const l of networkListeners) l({ isConnected, networkType: isConnected ? 'wifi' : 'none' });
  },
};

async function request({ url, method = 'GET', header = {}, data, timeout = 60_000 }: RequestOptions) {
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), timeout);
  try {
    const res = await fetch(url, {
      method,
      headers: header,
      signal: controller.signal,
      ...(data === undefined ? {} : { body: JSON.stringify(data) }),
    });
    const text = await res.text();
    let parsed: unknown = null;
    try {
      parsed = text ? JSON.parse(text) : null;
    } catch {
      parsed = text;
    }
    return { statusCode: res.status, data: parsed, header: Object.fromEntries(res.headers) };
  } catch (error) {
    const reason = controller.signal.aborted
      ? 'timeout'
      : error instanceof Error
        ? error.message
        : String(error);
    throw { errMsg: `request:fail ${reason}` };
  } finally {
    clearTimeout(timer);
  }
}

const Taro = {
  request,
  getStorageSync: (key: string): unknown => (storage.has(key) ? structuredClone(storage.get(key)) : ''),
  setStorageSync: (key: string, value: unknown): void => {
    storage.set(key, structuredClone(value));
  },
  removeStorageSync: (key: string): void => {
    storage.delete(key);
  },
  login: async () => {
    taroDouble.loginCalls++;
    return { code: taroDouble.loginCode, errMsg: 'login:ok' };
  },
  reLaunch: async ({ url }: { url: string }) => {
    taroDouble.navigations.push({ kind: 'reLaunch', url });
  },
  navigateTo: async ({ url }: { url: string }) => {
    taroDouble.navigations.push({ kind: 'navigateTo', url });
  },
  navigateBack: async () => {
    taroDouble.navigations.push({ kind: 'navigateBack' });
  },
  makePhoneCall: async ({ phoneNumber }: { phoneNumber: string }) => {
    taroDouble.phoneCalls.push(phoneNumber);
  },
  onNetworkStatusChange: (listener: (r: { isConnected: boolean; networkType: string }) => void) => {
    networkListeners.add(listener);
  },
  getNetworkType: async () => ({ networkType: 'wifi' }),
};

export function useDidShow(callback: () => void): void {
  // biome-ignore lint/correctness/useExhaustiveDependencies: runs once, like a page's first show
  useEffect(() => callback(), []);
}
export const useLaunch = useDidShow;
export function useRouter() {
  return { params: taroDouble.routerParams };
}

export default Taro;
