/**
 * Every resident form, double-tapped as elderly people do by habit (h5 build, Chromium, the real
 * local stack): each records one thing. The requests a form sends carry one Idempotency-Key per
 * thing (minted at the first tap), and the records are counted through the API afterwards.
 */
import { randomUUID } from 'node:crypto';
import { localDate, makeIdNumber } from '@grid/shared';
import type { Locator, Page, Request } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { type H5App, openH5App } from '../support/h5-app';
import { newResidentHousehold, type ResidentHousehold } from '../support/resident-household';

describe('every resident form, double-tapped, records once', () => {
  let app: H5App;
  let page: Page;
  let household: ResidentHousehold;
  const sent: Request[] = [];
  const track = (r: Request) => {
    if (r.method() === 'POST' && r.url().includes('/v1/')) sent.push(r);
  };
  const shown = (testId: string): Locator => app.shown(testId);

  /** The Idempotency-Keys of the writes sent to a path since the last call, one per request. */
  async function keysSentTo(fragment: string): Promise<string[]> {
    const mine = sent.filter((r) => r.url().includes(fragment));
    return Promise.all(mine.map(async (r) => (await r.allHeaders())['idempotency-key'] ?? ''));
  }

  async function openTile(tile: string) {
    await page.goto(`${app.url}/#/pages/home/index`);
    await page.reload();
    await shown(`tile-${tile}`).click();
  }

  beforeAll(async () => {
    household = await newResidentHousehold({ members: 2, quarantined: true });
    app = await openH5App();
    page = app.page;
    page.on('request', track);
    await app.signIn(household.openid, { other: true });
  });

  afterEach(() => {
    sent.length = 0;
  });

  afterAll(async () => {
    await app?.close();
  });

  it('check-in: one report per member', async () => {
    await openTile('checkin');
    const cards = page.locator('[data-testid^="checkin-member-"]').filter({ visible: true });
    await cards.first().waitFor();
    for (const i of [0, 1]) await cards.nth(i).locator('[data-testid$="-input"] input').fill('36.6');
    await shown('checkin-submit').dblclick();
    await expect
      .poll(() =>
        page.locator('[data-testid^="checkin-result-"]').filter({ visible: true }).allTextContents(),
      )
      .toEqual(['已提交', '已提交']);
    const keys = await keysSentTo('/health-reports');
    expect(new Set(keys).size).toBe(2);
    const today = localDate(new Date());
    for (const m of household.members) {
      const list = await household.resident(
        'GET',
        `/v1/persons/${m.personId}/health-reports?from=${today}&to=${today}`,
      );
      expect((list.body.items as unknown[]).length).toBe(1);
    }
  });

  it('travel declaration: one declaration', async () => {
    await openTile('travel');
    await shown('travel-who').waitFor();
    await shown('region-search').locator('input').fill('垦利');
    await shown('region-option-370505').click();
    await shown('travel-submit').dblclick();
    await expect.poll(() => shown('travel-status').textContent()).toBe('申报已提交');
    expect(new Set(await keysSentTo('/travel-declarations')).size).toBe(1);
    const pending = await household.gridworker(
      'GET',
      `/v1/grids/${household.grid}/pending?type=travel&limit=50`,
    );
    const mine = (pending.body.items as Array<{ personId: string }>).filter(
      (i) => i.personId === household.members[0]!.personId,
    );
    expect(mine).toHaveLength(1);
  });

  it('supply request: one request', async () => {
    await openTile('supply');
    await shown('supply-new').click();
    await shown('supply-kind-vegetables').click();
    await shown('supply-submit').dblclick();
    await expect.poll(() => shown('supply-new-status').textContent()).toContain('申请已提交');
    expect(new Set(await keysSentTo('/supply-requests')).size).toBe(1);
    const list = await household.resident('GET', `/v1/households/${household.householdId}/supply-requests`);
    expect((list.body.items as unknown[]).length).toBe(1);

    // Cancelling asks first: 不取消 keeps it, 确定取消 cancels it.
    await shown('supply-new-finish').click();
    const mine = shown('supply-request').first();
    await expect.poll(() => mine.getAttribute('data-status')).toBe('submitted');
    await mine.locator('[data-testid="supply-cancel"]').click();
    await page.getByText('取消这次物资申请？').waitFor();
    await app.shot('resident-supply-cancel-confirm');
    await page.getByText('不取消', { exact: true }).click();
    await page.waitForTimeout(300);
    expect(await mine.getAttribute('data-status')).toBe('submitted');
    await mine.locator('[data-testid="supply-cancel"]').click();
    await page.getByText('确定取消', { exact: true }).click();
    await expect.poll(() => mine.getAttribute('data-status')).toBe('cancelled');
  });

  it('new family member: one member', async () => {
    await openTile('family');
    await shown('family-add').click();
    await shown('member-name').locator('input').fill('陈小宝');
    await shown('member-id')
      .locator('input')
      .fill(makeIdNumber('370502', '2015-06-01', '318'));
    await shown('member-save').dblclick();
    await shown('family-member-2').waitFor();
    expect(sent.filter((r) => r.url().endsWith('/members'))).toHaveLength(1);
    // Sent through the outbox: with the key minted at the first tap, which a retry would reuse.
    const [key] = await keysSentTo('/members');
    expect(key).toMatch(/^[A-Za-z0-9_-]{8,64}$/);
    const mine = await household.resident('GET', '/v1/households/mine');
    expect((mine.body.members as unknown[]).length).toBe(3);
  });

  it('correction request: one request', async () => {
    await openTile('privacy');
    await shown('privacy-corrections').click();
    await shown('correction-proposed').locator('input').fill('陈建国');
    await shown('correction-reason').locator('textarea').fill('登记时把名字写错了');
    await shown('correction-submit').dblclick();
    await shown('correction-sent').waitFor();
    expect(new Set(await keysSentTo('/corrections')).size).toBe(1);
    const list = await household.resident('GET', '/v1/me/corrections');
    expect((list.body.items as unknown[]).length).toBe(1);
  });

  it('household registration: one household', async () => {
    const openid = `e2e-r13-reg-${randomUUID().slice(0, 8)}`;
    await app.signIn(openid, { other: true });
    await shown('tile-register').click();
    await shown('household-address').locator('textarea').fill('东营区文汇街道 黄河路 19 号');
    await shown('household-grid-code').locator('input').fill(household.grid);
    await shown('household-member-0-name').locator('input').fill('孙桂英');
    await shown('household-member-0-id')
      .locator('input')
      .fill(makeIdNumber('370502', '1951-01-09', '224'));
    await shown('household-submit').dblclick();
    await expect.poll(() => shown('register-done').textContent(), { timeout: 15_000 }).toBe('登记成功');
    const keys = await keysSentTo('/v1/households');
    expect(keys.length).toBeGreaterThanOrEqual(1);
    expect(new Set(keys).size).toBe(1);
  });
});
