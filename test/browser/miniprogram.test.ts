import { makeIdNumber } from '@grid/shared';
import type { Locator, Page, Request } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { apiAs, type H5App, openH5App } from '../support/h5-app';

const { apiUrl } = inject('stack');

describe('the mini program (h5) against the local stack', () => {
  let app: H5App;
  let page: Page;
  /** Grids come from the seed through the API, not from constants: the demo data may change. */
  let res1Grid = '';
  let res2Grid = '';

  const shown = (testId: string): Locator => app.shown(testId);

  const shot = (name: string, options?: { top?: boolean }) => app.shot(name, options);

  const signIn = (openid: string, options?: { other?: boolean }) => app.signIn(openid, options);

  async function openTile(tile: string) {
    await shown(`tile-${tile}`).click();
  }

  beforeAll(async () => {
    // Wuhan is a risk area today: a declaration from 江岸区 gets flagged.
    const admin = await apiAs('demo-admin');
    expect((await admin('PUT', '/v1/risk-areas', { codes: ['4201'], note: '演示' })).status).toBe(200);
    res1Grid = String((await (await apiAs('demo-res1'))('GET', '/v1/households/mine')).body.gridCode);
    res2Grid = String((await (await apiAs('demo-res2'))('GET', '/v1/households/mine')).body.gridCode);
    app = await openH5App();
    page = app.page;
  });

  afterAll(async () => {
    await app?.close();
  });

  it('signs a resident in and shows the resident home', async () => {
    await page.goto(`${app.url}/?api=${encodeURIComponent(apiUrl)}#/pages/index/index`);
    await shown('demo-login-demo-res1').waitFor();
    await shot('login');
    await signIn('demo-res1');
    expect(await shown('home-hello').textContent()).toBe('您好，王建国');
    await shot('home-resident');
  });

  it('checks in the whole household, warning about a fever before sending', async () => {
    await openTile('checkin');
    const grandmother = page
      .locator('[data-testid^="checkin-member-"]')
      .filter({ visible: true })
      .filter({ hasText: '王秀英' });
    await grandmother.waitFor();
    // Nothing is pre-filled: the others' readings are typed (one with a comma), hers stepped from 36.5.
    const cards = page.locator('[data-testid^="checkin-member-"]').filter({ visible: true });
    await cards.nth(0).locator('[data-testid$="-input"] input').fill('36.5');
    await cards.nth(1).locator('[data-testid$="-input"] input').fill('36,6');
    const plus = grandmother.locator('[data-testid$="-plus"]');
    for (let i = 0; i < 14; i++) await plus.click();
    expect(await grandmother.locator('[data-testid$="-input"] input').inputValue()).toBe('37.8');
    await grandmother.locator('[data-testid$="-cough"]').click();
    await shot('checkin-family');

    await shown('checkin-submit').click();
    const warning = shown('fever-warning');
    await warning.waitFor();
    expect(await warning.textContent()).toContain('王秀英：37.8 °C');
    await shot('checkin-fever-warning');

    await shown('fever-confirm').click();
    await expect
      .poll(() =>
        page.locator('[data-testid^="checkin-result-"]').filter({ visible: true }).allTextContents(),
      )
      .toEqual(['已提交', '已提交', '已提交']);
    await shot('checkin-done', { top: true });
    await page.goBack();
  });

  it('declares a journey from a risk area', async () => {
    await openTile('travel');
    await shown('region-search').locator('input').fill('江岸');
    await shown('region-option-420102').click();
    expect(await shown('region-picked').textContent()).toContain('湖北省 武汉市 江岸区');
    await shown('travel-number').locator('input').fill('G1234');
    await shot('travel-form');
    await shown('travel-submit').click();
    await expect.poll(() => shown('travel-status').textContent()).toBe('申报已提交');
    expect(await shown('travel-risk').textContent()).toContain('风险地区');
    await shot('travel-done');
  });

  it('lets the gridworker confirm and reject what the resident sent', async () => {
    const gw = await apiAs('demo-gw1');
    const scopes = (await gw('GET', '/v1/me')).body.scopes as string[];
    expect(scopes).toContain(res1Grid);
    // The stream consumer keeps the grids' counters: at least 3 check-ins and 1 declaration now.
    let pendingTotal = 0;
    await expect
      .poll(
        async () => {
          pendingTotal = 0;
          for (const grid of scopes) {
            const { pending } = (await gw('GET', `/v1/grids/${grid}/summary`)).body as {
              pending: { health: number; travel: number };
            };
            pendingTotal += pending.health + pending.travel;
          }
          return pendingTotal;
        },
        { timeout: 20_000, interval: 500 },
      )
      .toBeGreaterThanOrEqual(4);
    await signIn('demo-gw1');
    await expect.poll(() => shown('tile-pending-badge').textContent()).toBe(String(pendingTotal));
    await shot('home-gridworker');

    await openTile('pending');
    if (scopes.length > 1) await shown(`pending-grid-${res1Grid}`).click();
    // One list of both types, urgent first: a person may have a check-in and a declaration in it.
    const card = (name: string, type: 'health' | 'travel' = 'health') =>
      page
        .locator(`[data-testid="pending-item"][data-type="${type}"]`)
        .filter({ visible: true })
        .filter({ hasText: name });
    await card('王秀英').waitFor();
    expect(await card('王秀英').textContent()).toContain('37.8 °C');
    expect(await card('王秀英').textContent()).toContain('发热');

    await card('王建国').locator('[data-testid="pending-confirm"]').click();
    await card('王建国').locator('[data-testid="pending-method-visit"]').click();
    await card('王建国').locator('[data-testid="pending-send"]').click();
    await expect
      .poll(() => card('王建国').locator('[data-testid="pending-decided"]').textContent())
      .toBe('已确认');

    await card('王秀英').locator('[data-testid="pending-reject"]').click();
    await card('王秀英').locator('[data-testid="pending-send"]').click();
    expect(await card('王秀英').locator('[data-testid="pending-problem"]').textContent()).toBe(
      '退回须写明原因',
    );
    await card('王秀英')
      .locator('[data-testid="pending-note"] textarea')
      .fill('电话核实体温计读数有误，请重新测量');
    await card('王秀英').locator('[data-testid="pending-send"]').click();
    await expect
      .poll(() => card('王秀英').locator('[data-testid="pending-decided"]').textContent())
      .toBe('已退回');
    await shot('pending-health');

    await card('王建国', 'travel').waitFor();
    expect(await card('王建国', 'travel').textContent()).toContain('湖北省 武汉市 江岸区');
    expect(await card('王建国', 'travel').textContent()).toContain('风险地区');
    await card('王建国', 'travel').scrollIntoViewIfNeeded();
    await shot('pending-travel');

    const left = await gw('GET', `/v1/grids/${res1Grid}/pending?type=health`);
    expect((left.body.items as Array<{ personName: string }>).map((i) => i.personName)).toEqual(['刘芳']);
  });

  it('keeps a check-in made without a connection as 待同步 and syncs it with the same keys on 重试', async () => {
    await signIn('demo-res2');
    await openTile('checkin');
    const members = page.locator('[data-testid^="checkin-member-"]').filter({ visible: true });
    await members.first().waitFor();
    for (const i of [0, 1]) await members.nth(i).locator('[data-testid$="-input"] input').fill('36.4');

    const attempts: Request[] = [];
    const onRequest = (r: Request) => {
      if (r.url().includes('/health-reports') && r.method() === 'POST') attempts.push(r);
    };
    page.on('request', onRequest);
    await page.route(`${apiUrl}/**`, (route) => route.abort('internetdisconnected'));
    await shown('checkin-submit').click();
    await expect
      .poll(() =>
        page.locator('[data-testid^="checkin-result-"]').filter({ visible: true }).allTextContents(),
      )
      .toEqual(['待同步', '待同步']);
    expect(await shown('outbox-count').textContent()).toBe('2 条待同步');
    await shot('offline-queued', { top: true });
    const offlineKeys = await Promise.all(
      attempts.map(async (r) => (await r.allHeaders())['idempotency-key']),
    );
    expect(offlineKeys).toHaveLength(2);
    attempts.length = 0;

    await page.unroute(`${apiUrl}/**`);
    await shown('outbox-retry').click();
    await expect
      .poll(() =>
        page.locator('[data-testid^="checkin-result-"]').filter({ visible: true }).allTextContents(),
      )
      .toEqual(['已同步', '已同步']);
    expect(await shown('outbox').count()).toBe(0);
    page.off('request', onRequest);
    const syncedKeys = await Promise.all(
      attempts.map(async (r) => (await r.allHeaders())['idempotency-key']),
    );
    expect(syncedKeys).toEqual(offlineKeys);

    const centre = await apiAs('demo-street');
    const pending = await centre('GET', `/v1/grids/${res2Grid}/pending?type=health`);
    expect((pending.body.items as Array<{ personName: string }>).map((i) => i.personName).sort()).toEqual(
      ['孙小宝', '赵丽'].sort(),
    );
    await page.goBack();
  });

  it('sends a declaration queued while offline by itself when the connection returns', async () => {
    await openTile('travel');
    await shown('region-search').locator('input').fill('朝阳');
    await shown('region-option-110105').click();
    await page.context().setOffline(true);
    await shown('offline-banner').waitFor();
    await shown('travel-submit').click();
    await expect.poll(() => shown('travel-status').textContent()).toBe('待同步');
    await page.context().setOffline(false);
    await expect.poll(() => shown('travel-status').textContent(), { timeout: 15_000 }).toBe('已同步');
  });

  it('registers the household of a new resident, who can then check in', async () => {
    await signIn('e2e-newcomer', { other: true });
    await openTile('register');
    await shown('household-address').locator('textarea').fill('东营区文汇街道 黄河路 9 号 1 单元 101');
    await shown('household-grid-code').locator('input').fill(res1Grid);
    await shown('household-member-0-name').locator('input').fill('陈小明');
    await shown('household-member-0-id')
      .locator('input')
      .fill(makeIdNumber('370502', '1990-03-15', '217'));
    await shown('household-member-0-phone').locator('input').fill('13912340000');
    await shot('register-household');
    await shown('household-submit').click();
    await expect.poll(() => shown('register-done').textContent(), { timeout: 15_000 }).toBe('登记成功');
    await shown('register-home').click();
    await shown('tile-checkin').waitFor({ timeout: 15_000 });
    await expect.poll(() => shown('home-hello').textContent()).toBe('您好，陈小明');
    await openTile('family');
    await expect
      .poll(() => shown('family-address').textContent())
      .toBe('东营区文汇街道 黄河路 9 号 1 单元 101');
    expect(await shown('family-member-0').textContent()).toContain('139****0000');
    await shot('family');
  });
});
