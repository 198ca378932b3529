/**
 * Gridworker screens in the h5 build against the local stack: every page a push message can name
 * opens; the pending list urgent first, paged with 加载更多; a verification made offline is kept in
 * the outbox and sent once when the connection returns; grids shown by name.
 */
import { NOTIFICATION_PAGES } from '@grid/shared/pages';
import type { Page, Request } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { apiAs, type Call, type H5App, openH5App } from '../support/h5-app';
import { allPages, drainStreams, household, report } from '../support/staff';

const { apiUrl } = inject('stack');

interface Pending {
  submissionId: string;
  personName: string;
  type: 'health' | 'travel';
  fever?: boolean;
  riskFlagged?: boolean;
}

/** What each kind of message opens, who receives it, and what shows that the page is there. */
const OPENS: Record<keyof typeof NOTIFICATION_PAGES, { openid: string; shows: string }> = {
  checkReminder: { openid: 'demo-res1', shows: 'checkin-submit' },
  alert: { openid: 'demo-gw1', shows: 'alerts-section-open' },
  supplyStatus: { openid: 'demo-res1', shows: 'supply-new' },
};

describe('gridworker: push pages, urgent first, paging and offline verification (h5)', () => {
  let app: H5App;
  let page: Page;
  let gw: Call;
  let grid = '';
  let gridCount = 0;

  const pendingCards = () => page.locator('[data-testid="pending-item"]').filter({ visible: true });

  async function openPending() {
    await app.shown('tile-pending').click();
    if (gridCount > 1) await app.shown(`pending-grid-${grid}`).click();
    await pendingCards().first().waitFor();
  }

  beforeAll(async () => {
    gw = await apiAs('demo-gw1');
    const scopes = (await gw('GET', '/v1/me')).body.scopes as string[];
    grid = scopes[0]!;
    gridCount = scopes.length;
    app = await openH5App();
    page = app.page;
  });

  afterAll(async () => {
    await app?.close();
  });

  it('opens the page each kind of push message names, for the person it is sent to', async () => {
    for (const [kind, path] of Object.entries(NOTIFICATION_PAGES)) {
      const { openid, shows } = OPENS[kind as keyof typeof NOTIFICATION_PAGES];
      await app.signIn(openid);
      // A tapped message starts the app on its page: Taro's h5 router reads the path from the hash.
      await page.goto(`${app.url}/?api=${encodeURIComponent(apiUrl)}#/${path}`);
      await app.shown(shows).waitFor({ timeout: 15_000 });
      expect(page.url(), kind).toContain(path);
    }
  });

  it('lists fever first, then the rest oldest first, in the order the API gives', async () => {
    const h = await household(grid, ['排序甲', '排序乙']);
    await report(h, 0, 36.4); // older, ordinary
    const fever = await report(h, 1, 38.2); // newer, a fever: first anyway
    await drainStreams();
    await app.signIn('demo-gw1');
    await expect.poll(() => app.shown('tile-pending-badge').textContent()).not.toBeNull();
    await app.shot('home-gridworker-badges');
    await openPending();
    const api = (await gw('GET', `/v1/grids/${grid}/pending?limit=20`)).body.items as Pending[];
    const shown = await pendingCards().evaluateAll((cards) =>
      cards.map((c) => ({ urgent: c.getAttribute('data-urgent'), name: c.getAttribute('data-person') })),
    );
    expect(shown.map((s) => s.name)).toEqual(api.map((i) => i.personName));
    const flags = shown.map((s) => s.urgent);
    expect(flags.indexOf('false') === -1 || flags.lastIndexOf('true') < flags.indexOf('false')).toBe(true);
    const names = shown.map((s) => s.name);
    expect(names.indexOf('排序乙')).toBeLessThan(
      names.indexOf('排序甲') === -1 ? Infinity : names.indexOf('排序甲'),
    );
    expect(api.find((i) => i.submissionId === fever)?.fever).toBe(true);
    // The grid is named, its code second.
    expect(await app.shown('pending-grid-name').textContent()).toMatch(new RegExp(`网格（${grid}）$`));
    await app.shot('pending-urgent-first', { top: true });
  });

  it('pages through a list longer than one page with 加载更多', async () => {
    let total = (await allPages<Pending>(gw, `/v1/grids/${grid}/pending?limit=50`)).length;
    while (total <= 25) {
      const h = await household(grid, ['翻页一', '翻页二', '翻页三', '翻页四', '翻页五']);
      for (let i = 0; i < 5; i++) await report(h, i, 36.5);
      total += 5;
    }
    await page.reload();
    await pendingCards().first().waitFor();
    expect(await pendingCards().count()).toBe(20);
    await app.shown('pending-more').click();
    await expect.poll(() => pendingCards().count()).toBe(Math.min(total, 40));
    const ids = await pendingCards().evaluateAll((cards) =>
      cards.map((c) => c.getAttribute('data-submitted')),
    );
    expect(ids).toHaveLength(Math.min(total, 40));
    await app.shot('pending-load-more');
  });

  it('keeps a verification made offline in the outbox and sends it once on reconnect', async () => {
    const h = await household(grid, ['离线核实']);
    const submissionId = await report(h, 0, 38.9); // a fever: first on the list
    await page.reload();
    const card = pendingCards().filter({ hasText: '离线核实' });
    await card.waitFor();

    const verifies: Request[] = [];
    const onRequest = (r: Request) => {
      if (r.url().includes(`/submissions/${submissionId}/verify`)) verifies.push(r);
    };
    page.on('request', onRequest);
    await page.route(`${apiUrl}/**`, (route) => route.abort('internetdisconnected'));
    await card.locator('[data-testid="pending-confirm"]').click();
    await card.locator('[data-testid="pending-send"]').click();
    await expect
      .poll(() => card.locator('[data-testid="pending-decided"]').textContent())
      .toContain('联网后');
    expect(await app.shown('outbox-count').textContent()).toBe('1 条待同步');
    await app.shot('offline-verify-queued', { top: true });

    await page.unroute(`${apiUrl}/**`);
    await app.shown('outbox-retry').click();
    await expect.poll(() => card.locator('[data-testid="pending-decided"]').textContent()).toBe('已确认');
    expect(await app.shown('outbox').count()).toBe(0);
    page.off('request', onRequest);
    const keys = await Promise.all(verifies.map(async (r) => (await r.allHeaders())['idempotency-key']));
    // One key for the one intended verification, whatever the attempts; one answered POST.
    expect(new Set(keys).size).toBe(1);
    const answered = await Promise.all(verifies.map(async (r) => (await r.response())?.status() ?? null));
    expect(answered.filter((s) => s === 200)).toHaveLength(1);

    const left = await allPages<Pending>(gw, `/v1/grids/${grid}/pending?limit=50`);
    expect(left.some((i) => i.submissionId === submissionId)).toBe(false);
  });
});
