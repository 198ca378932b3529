/**
 * Backend base URL baked in at build time. Taro's vite runner replaces the literal
 * `process.env.TARO_APP_*` text with `define` in both weapp and h5 builds (import.meta.env is
 * not populated), and only for keys present in .env.<mode>; a shell variable overrides the file.
 */
export const API_BASE = process.env.TARO_APP_API_BASE ?? 'http://127.0.0.1:3000';

/** localStorage key remembering an `?api=` override across reloads. */
export const API_BASE_OVERRIDE_KEY = 'apiBase';

const LOOPBACK_HOSTS = new Set(['localhost', '127.0.0.1', '[::1]']);

/**
 * The h5 bundle is built once but tests and local runs start the API on a random port, so a
 * page served from a loopback host accepts `?api=http://127.0.0.1:PORT` (remembered in
 * localStorage 'apiBase'; `?api=` with an empty value clears it). A deployed h5 ignores the
 * override: nobody can send users' tokens elsewhere with a crafted link. Weapp always uses API_BASE.
 */
export function resolveApiBase(): string {
  if (process.env.TARO_ENV !== 'h5' || !LOOPBACK_HOSTS.has(window.location.hostname)) {
    return API_BASE;
  }
  const fromQuery = new URLSearchParams(window.location.search).get('api');
  if (fromQuery !== null) {
    if (isHttpUrl(fromQuery)) {
      window.localStorage.setItem(API_BASE_OVERRIDE_KEY, fromQuery);
    } else {
      window.localStorage.removeItem(API_BASE_OVERRIDE_KEY);
    }
  }
  const stored = window.localStorage.getItem(API_BASE_OVERRIDE_KEY);
  return stored !== null && isHttpUrl(stored) ? stored.replace(/\/+$/, '') : API_BASE;
}

function isHttpUrl(value: string): boolean {
  try {
    const { protocol } = new URL(value);
    return protocol === 'http:' || protocol === 'https:';
  } catch {
    return false;
  }
}
