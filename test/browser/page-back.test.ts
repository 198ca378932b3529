/**
 * Back at once (h5 build, Chromium, the real local stack): a resident opens the check-in page and
 * goes back before its slide-in is over — a quick tap, or a page that draws at once from what the
 * phone kept, as without signal. Home must be on screen again, not only in the DOM: Taro's router
 * used to leave it hidden (its delayed hide fired after the back had shown it; the screen stayed
 * white). See miniprogram/src/services/h5-router.ts.
 */
import type { Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type H5App, openH5App } from '../support/h5-app';
import { newResidentHousehold } from '../support/resident-household';

/** How the home page's container is displayed ('none' while Taro keeps it hidden). */
const HOME_DISPLAY = `getComputedStyle(document.querySelector('.taro_page[id^="/pages/home/index"]')).display`;

describe('going back at once shows the page underneath', () => {
  let app: H5App;
  let page: Page;
  const shown = (testId: string): Locator => app.shown(testId);

  beforeAll(async () => {
    const household = await newResidentHousehold({ members: 1 });
    app = await openH5App();
    page = app.page;
    await app.signIn(household.openid, { other: true });
  });

  afterAll(async () => {
    await app?.close();
  });

  // 0 ms: back lands before the check-in page has started to slide in; 20 ms: during the slide-in.
  it.each([0, 20])('back %i ms after the check-in page appears: home is visible', async (delay) => {
    // Each case from a freshly opened home (the page stack holds home only).
    await page.goto(`${app.url}/#/pages/home/index`);
    await page.reload();
    await shown('tile-checkin').waitFor();
    // In the page (an expression: test/ has no DOM types): back once the check-in page is in the DOM.
    const back = page.evaluate(`new Promise((done) => {
      new MutationObserver((records, observer) => {
        const added = records.flatMap((r) => [...r.addedNodes]);
        if (!added.some((n) => n.id?.startsWith('/resident/pages/checkin/'))) return;
        observer.disconnect();
        setTimeout(() => { history.back(); done(); }, ${delay});
      }).observe(document.querySelector('.taro_router'), { childList: true });
    })`);
    await shown('tile-checkin').click();
    await back;
    await page.waitForURL(/#\/pages\/home\/index/);
    // Past every timer of the router's transitions (300 ms slide, 350 ms delayed hide).
    await page.waitForTimeout(800);
    expect(await page.locator('[id^="/resident/pages/checkin/"]').count()).toBe(0);
    expect(await page.evaluate(HOME_DISPLAY)).not.toBe('none');
    expect(await shown('tile-checkin').count()).toBe(1);
    expect((await shown('tile-checkin').boundingBox())?.height).toBeGreaterThan(0);
  });
});
