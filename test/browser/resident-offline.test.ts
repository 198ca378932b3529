/**
 * A village without signal (h5 build, Chromium, the real local stack): after one online visit the
 * app reloads with its web server gone and the network off (the service worker keeps the shell),
 * the household and its forms open from what was stored, a declaration from a risk area waits in
 * the outbox, and when the network returns it is sent and the server's answer — the risk-area
 * warning — reaches the person on the result screen and in the messages.
 */
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { type LaunchedBrowser, launchBrowser } from '../support/browser';
import { apiAs, screenshots } from '../support/h5-app';
import { newResidentHousehold, type ResidentHousehold } from '../support/resident-household';
import { type StaticServer, serveStatic } from '../support/static-server';

const { apiUrl } = inject('stack');
const distH5 = resolve(import.meta.dirname, '../../miniprogram/dist-h5');

describe('offline as a village really is', () => {
  let web: StaticServer | undefined;
  let browser: LaunchedBrowser;
  let page: Page;
  let household: ResidentHousehold;
  const shown = (testId: string): Locator =>
    page.locator(`[data-testid="${testId}"]`).filter({ visible: true });
  const shot = (name: string) => page.screenshot({ path: resolve(screenshots, `${name}.png`) });

  beforeAll(async () => {
    expect(existsSync(resolve(distH5, 'sw.js')), 'build h5 first: npm run build:h5 -w miniprogram').toBe(
      true,
    );
    const admin = await apiAs('demo-admin');
    expect((await admin('PUT', '/v1/risk-areas', { codes: ['4201'], note: '演示' })).status).toBe(200);
    household = await newResidentHousehold({ members: 2 });
    web = await serveStatic(distH5);
    browser = await launchBrowser();
    page = await browser.context.newPage();
  });

  afterAll(async () => {
    await browser?.close();
    await web?.close();
  });

  it('opens, queues and syncs without signal, and shows the risk warning after sync', async () => {
    // One online visit: sign in, the service worker installs and takes the page, home is read.
    await page.goto(`${web!.url}/?api=${encodeURIComponent(apiUrl)}#/pages/index/index`);
    await shown('demo-login-other').locator('input').fill(household.openid);
    await shown('demo-login-other-submit').click();
    await shown('tile-travel').waitFor();
    await page.waitForFunction('navigator.serviceWorker.controller !== null', undefined, { timeout: 15_000 });
    await page.waitForFunction('caches.keys().then((k) => k.length > 0)');
    await shown('today-status').waitFor();
    // The check-in page once, online: the privacy notice's acceptance is remembered on the phone.
    await shown('tile-checkin').click();
    await page.locator('[data-testid^="checkin-member-"]').filter({ visible: true }).first().waitFor();
    await page.goBack();

    // The signal goes: no web server, no network.
    await web!.close();
    web = undefined;
    await browser.context.setOffline(true);
    await page.reload();
    await shown('tile-travel').waitFor();
    const home = page.url();
    await expect.poll(() => shown('today-member').count()).toBe(2);
    await shown('offline-banner').waitFor();
    await shot('resident-offline-home');

    // The check-in page opens from what the phone kept, and back is home again — on screen, not only
    // in the DOM (going back as soon as it drew once left home hidden: miniprogram/src/services/h5-router.ts).
    await shown('tile-checkin').click();
    await page.locator('[data-testid^="checkin-member-"]').filter({ visible: true }).first().waitFor();
    expect(await shown('state-error').count()).toBe(0);
    await page.goBack();
    await page.waitForURL(home);
    await page.waitForTimeout(800); // past the router's transition timers (300 ms slide, 350 ms delayed hide)
    expect(
      await page.evaluate(
        `getComputedStyle(document.querySelector('.taro_page[id^="/pages/home/index"]')).display`,
      ),
    ).not.toBe('none');
    await shown('tile-travel').waitFor({ timeout: 1_000 });
    expect((await shown('tile-travel').boundingBox())?.height).toBeGreaterThan(0);

    await shown('tile-travel').click();
    await shown('region-search').locator('input').fill('江岸');
    await shown('region-option-420102').click();
    await shown('travel-submit').click();
    await expect.poll(() => shown('travel-status').textContent()).toBe('待同步');
    expect(await shown('outbox-count').textContent()).toBe('1 条待同步');
    await shot('resident-offline-queued');

    // The signal returns: the outbox sends by itself and the answer reaches the screen.
    await browser.context.setOffline(false);
    await expect.poll(() => shown('travel-status').textContent(), { timeout: 20_000 }).toBe('已同步');
    expect(await shown('travel-risk').textContent()).toContain('风险地区');
    await shot('resident-offline-synced');

    await shown('travel-home').click();
    await shown('tile-messages').click();
    const risk = shown('message-item').filter({ hasText: '风险地区' });
    await risk.first().waitFor();
    expect(await risk.first().getAttribute('data-tone')).toBe('warn');

    const pending = await household.gridworker(
      'GET',
      `/v1/grids/${household.grid}/pending?type=travel&limit=50`,
    );
    const mine = (pending.body.items as Array<{ personId: string; riskFlagged?: boolean }>).filter(
      (i) => i.personId === household.members[0]!.personId,
    );
    expect(mine).toHaveLength(1);
  });
});
