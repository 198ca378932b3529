/**
 * Driving the h5 build of the mini program in Chromium against the local stack: the API as a
 * given user (to arrange data), and a page with the app's own ways in (sign-in, what is on screen,
 * screenshots). Shared by the browser test files.
 */
import { existsSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { resolve } from 'node:path';
import type { Locator, Page } from 'playwright-core';
import { inject } from 'vitest';
import { type LaunchedBrowser, launchBrowser } from './browser';
import { type StaticServer, serveStatic } from './static-server';

const repoRoot = resolve(import.meta.dirname, '../..');
const distH5 = resolve(repoRoot, 'miniprogram/dist-h5');
export const screenshots = resolve(repoRoot, 'docs/screenshots');

export type Call = (
  method: string,
  path: string,
  body?: unknown,
  headers?: Record<string, string>,
) => Promise<{ status: number; body: Record<string, unknown> }>;

/** Signs in through the fake WeChat with `test:<openid>` and returns a caller with that token. */
export async function apiAs(openid: string): Promise<Call> {
  const { apiUrl } = inject('stack');
  const res = await fetch(`${apiUrl}/v1/auth/wechat`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ code: `test:${openid}` }),
  });
  const { token } = (await res.json()) as { token: string };
  return async (method, path, body, headers = {}) => {
    const r = await fetch(`${apiUrl}${path}`, {
      method,
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', ...headers },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    return { status: r.status, body: (await r.json()) as Record<string, unknown> };
  };
}

export interface H5App {
  page: Page;
  url: string;
  /** Taro keeps earlier pages of the stack in the DOM, hidden: only look at what is on screen. */
  shown(testId: string): Locator;
  shot(name: string, options?: { top?: boolean }): Promise<void>;
  signIn(openid: string, options?: { other?: boolean }): Promise<void>;
  /** From a resident's home: binds the account to the staff record registered under `phone`. */
  bindAsStaff(phone: string): Promise<void>;
  close(): Promise<void>;
}

/** Serves dist-h5, opens Chromium on it, pointed at the local stack's API. */
export async function openH5App(): Promise<H5App> {
  if (!existsSync(resolve(distH5, 'index.html'))) {
    throw new Error(`${distH5}/index.html is missing: run \`npm run build:h5 -w miniprogram\` first`);
  }
  await mkdir(screenshots, { recursive: true });
  const { apiUrl } = inject('stack');
  const web: StaticServer = await serveStatic(distH5);
  const browser: LaunchedBrowser = await launchBrowser();
  const page = await browser.context.newPage();
  const shown = (testId: string) => page.locator(`[data-testid="${testId}"]`).filter({ visible: true });
  return {
    page,
    url: web.url,
    shown,
    async shot(name, { top = false } = {}) {
      if (top) await page.evaluate('window.scrollTo(0, 0)');
      await page.waitForTimeout(300);
      await page.screenshot({ path: resolve(screenshots, `${name}.png`) });
    },
    async signIn(openid, { other = false } = {}) {
      await page.goto(`${web.url}/?api=${encodeURIComponent(apiUrl)}#/pages/index/index`);
      await page.evaluate(
        "for (const key of ['session', 'demoCode', 'outbox']) localStorage.removeItem(key)",
      );
      await page.reload();
      if (other) {
        await shown('demo-login-other').locator('input').fill(openid);
        await shown('demo-login-other-submit').click();
      } else {
        await shown(`demo-login-${openid}`).click();
      }
      await shown('home-hello').waitFor();
    },
    async bindAsStaff(phone) {
      await shown('staff-binding-open').click();
      await shown('bind-phone').locator('input').fill(phone);
      await shown('bind-phone-submit').click();
    },
    async close() {
      await browser.close();
      await web.close();
    },
  };
}
