/**
 * Every resident page in both font modes (h5 build, Chromium, a 390 px phone): a screenshot of
 * each into docs/screenshots/ (looked at by a person), and every interactive element measured:
 * at least 44 × 44 CSS px. Large-font mode is checked against the MIIT age-friendly guidance:
 * body text ≥ 24 px, no secondary text under 18 px, and nothing wider than the screen.
 */
import { resolve } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { apiAs, type H5App, openH5App, screenshots } from '../support/h5-app';
import { newResidentHousehold, type ResidentHousehold } from '../support/resident-household';

const { apiUrl } = inject('stack');

/** What a person can tap: Taro's buttons, inputs, switches, and the app's own tappable views. */
const TAPPABLE = [
  'taro-button-core',
  'taro-input-core',
  'taro-textarea-core',
  'taro-switch-core',
  '.chip',
  '.tile',
  '.tab',
  '.region__option',
  '.region__back',
  '.page-head__back',
  '.staff-link',
  '.large-font-switch',
].join(', ');

interface Measured {
  what: string;
  width: number;
  height: number;
}

// Run in the page (the test project has no DOM types, so the code is sent as text).
const MEASURE_TARGETS = `(() => {
  const selector = ${JSON.stringify(TAPPABLE)};
  const out = [];
  for (const el of document.querySelectorAll(selector)) {
    const r = el.getBoundingClientRect();
    if (r.width === 0 || r.height === 0 || getComputedStyle(el).visibility === 'hidden') continue;
    // A control inside a tappable row (the 大字模式 switch) is part of the row's target.
    if (el.parentElement && el.parentElement.closest(selector)) continue;
    const what = el.tagName.toLowerCase() + '.' + el.className + '[' + (el.getAttribute('data-testid') || '') + '] ' + (el.textContent || '').trim().slice(0, 12);
    out.push({ what, width: Math.round(r.width * 10) / 10, height: Math.round(r.height * 10) / 10 });
  }
  return out;
})()`;

const FONT_SIZES = `(() => {
  let smallest = 1000;
  let smallestText = '';
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    const text = (node.textContent || '').trim();
    const el = node.parentElement;
    if (!text || !el) continue;
    const r = el.getBoundingClientRect();
    if (r.width === 0 || r.height === 0) continue;
    const size = parseFloat(getComputedStyle(el).fontSize);
    if (size < smallest) { smallest = size; smallestText = text.slice(0, 20); }
  }
  // What is typed (and the placeholder) counts as text too.
  for (const el of document.querySelectorAll('input:not([type=checkbox]):not([type=radio]), textarea')) {
    const r = el.getBoundingClientRect();
    if (r.width === 0 || r.height === 0) continue;
    const size = parseFloat(getComputedStyle(el).fontSize);
    if (size < smallest) { smallest = size; smallestText = '<' + el.tagName.toLowerCase() + ' ' + (el.getAttribute('placeholder') || '') + '>'; }
  }
  const shell = [...document.querySelectorAll('.page')].find((p) => p.getBoundingClientRect().height > 0);
  return { smallest, smallestText, body: shell ? parseFloat(getComputedStyle(shell).fontSize) : 0 };
})()`;

/** Whether the visible page head's title box overlaps its back link. */
const HEAD_OVERLAP = `(() => {
  const visible = (sel) => [...document.querySelectorAll(sel)].find((e) => e.getBoundingClientRect().height > 0);
  const back = visible('.page-head__back');
  const title = visible('.page-head__title');
  if (!back || !title) return false;
  const a = back.getBoundingClientRect();
  const b = title.getBoundingClientRect();
  return a.right > b.left + 1 && b.right > a.left + 1 && a.bottom > b.top + 1 && b.bottom > a.top + 1;
})()`;

/** Every visible tappable element of the page on screen, with its size in CSS px. */
function measureTargets(page: Page): Promise<Measured[]> {
  return page.evaluate(MEASURE_TARGETS) as Promise<Measured[]>;
}

/** The smallest font size of visible text on the page, and the body text size, in CSS px. */
function fontSizes(page: Page): Promise<{ smallest: number; smallestText: string; body: number }> {
  return page.evaluate(FONT_SIZES) as Promise<{ smallest: number; smallestText: string; body: number }>;
}

const PAGES = [
  ['home', '#/pages/home/index'],
  ['checkin', '#/resident/pages/checkin/index'],
  ['travel', '#/resident/pages/travel/index'],
  ['family', '#/resident/pages/family/index'],
  ['member', '#/resident/pages/member/index?householdId={h}&personId={p}'],
  ['messages', '#/resident/pages/messages/index'],
  ['supply', '#/resident/pages/supply/index'],
  ['supply-new', '#/resident/pages/supply-new/index'],
  ['privacy', '#/resident/pages/privacy/index'],
  ['access-log', '#/resident/pages/access-log/index'],
  ['corrections', '#/resident/pages/corrections/index'],
] as const;

describe('every resident page, in normal and large font', () => {
  let app: H5App;
  let page: Page;
  let household: ResidentHousehold;
  const problems: string[] = [];

  async function open(hash: string) {
    await page.goto(`${app.url}/?api=${encodeURIComponent(apiUrl)}${hash}`);
    await page.reload();
    await page.locator('[data-testid="page"]').filter({ visible: true }).first().waitFor();
    await page
      .locator('[data-testid="state-loading"], [data-testid="privacy-checking"]')
      .filter({ visible: true })
      .first()
      .waitFor({ state: 'hidden' })
      .catch(() => {});
    await page.waitForTimeout(600);
  }

  async function setLargeFont(on: boolean) {
    await page.evaluate(`localStorage.setItem('largeFont', '${JSON.stringify({ data: on })}')`);
  }

  async function check(name: string, mode: 'normal' | 'large') {
    // Taro's h5 page scrolls inside its own box: grow the window to the content for a whole-page shot.
    const height = (await page.evaluate(
      "Math.max(844, ...[...document.querySelectorAll('.page')].map((p) => p.getBoundingClientRect().height > 0 ? p.scrollHeight : 0))",
    )) as number;
    await page.setViewportSize({ width: 390, height: Math.min(height, 6000) });
    await page.waitForTimeout(200);
    await page.screenshot({ path: resolve(screenshots, `resident-${name}-${mode}.png`) });
    for (const t of await measureTargets(page)) {
      if (t.width < 44 || t.height < 44) problems.push(`${mode} ${name}: ${t.what} ${t.width}×${t.height}`);
    }
    const overlap = (await page.evaluate(HEAD_OVERLAP)) as boolean;
    if (overlap) problems.push(`${mode} ${name}: the title runs under the back link`);
    const width = (await page.evaluate('document.documentElement.scrollWidth')) as number;
    if (width > 390) problems.push(`${mode} ${name}: page is ${width} px wide`);
    const sizes = await fontSizes(page);
    const [minBody, minSmall] = mode === 'large' ? [24, 18] : [16, 14];
    if (sizes.body < minBody) problems.push(`${mode} ${name}: body text ${sizes.body} px`);
    if (sizes.smallest < minSmall) {
      problems.push(`${mode} ${name}: "${sizes.smallestText}" at ${sizes.smallest} px`);
    }
    await page.setViewportSize({ width: 390, height: 844 });
  }

  beforeAll(async () => {
    household = await newResidentHousehold({ members: 3, quarantined: true });
    // Something in every list: a staff read for the access log, a correction, a supply request.
    const gw = await apiAs('demo-gw1');
    await gw('GET', `/v1/persons/${household.members[0]!.personId}/contact`);
    await household.resident(
      'POST',
      '/v1/me/corrections',
      {
        personId: household.members[1]!.personId,
        field: 'name',
        proposedValue: '王淑珍',
        reason: '登记时写错了字',
      },
      { 'idempotency-key': `e2e-r13-corr-${household.openid.slice(-8)}` },
    );
    app = await openH5App();
    page = app.page;
    await app.signIn(household.openid, { other: true });
  });

  afterAll(async () => {
    await app?.close();
  });

  for (const mode of ['normal', 'large'] as const) {
    it(`shows every page in ${mode} font without small targets or text`, async () => {
      await setLargeFont(mode === 'large');
      for (const [name, hash] of PAGES) {
        await open(hash.replace('{h}', household.householdId).replace('{p}', household.members[0]!.personId));
        await check(name, mode);
      }
      // The first screen (sign-in) and registration, as a newcomer sees them.
      await page.evaluate("localStorage.removeItem('session')");
      await open('#/pages/index/index');
      await check('login', mode);
      await app.signIn(`e2e-r13-new-${mode}-${household.openid.slice(-8)}`, { other: true });
      await setLargeFont(mode === 'large');
      await open('#/resident/pages/register/index');
      await check('register', mode);
      await app.signIn(household.openid, { other: true });
      expect(problems).toEqual([]);
    });
  }
});
