/**
 * A resident withdraws consent to the privacy notice from 个人信息 (h5 build, Chromium, the real
 * local stack): the page asks first and says what follows (不撤回 keeps it), the server records the
 * withdrawal, the phone forgets its remembered acceptance, and the next check-in shows the notice
 * again; accepting it there lets the resident report.
 */
import { meSchema, PRIVACY_NOTICE } from '@grid/shared';
import type { Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type H5App, openH5App } from '../support/h5-app';
import { newResidentHousehold, type ResidentHousehold } from '../support/resident-household';

describe('withdrawing privacy consent', () => {
  let app: H5App;
  let page: Page;
  let household: ResidentHousehold;
  const shown = (testId: string): Locator => app.shown(testId);
  const upToDate = async () =>
    meSchema.parse((await household.resident('GET', '/v1/me')).body).privacyConsent.upToDate;
  const remembered = () => page.evaluate("localStorage.getItem('privacyConsent')");

  async function openTile(tile: string) {
    await page.goto(`${app.url}/#/pages/home/index`);
    await page.reload();
    await shown(`tile-${tile}`).click();
  }

  beforeAll(async () => {
    household = await newResidentHousehold({ members: 1 });
    app = await openH5App();
    page = app.page;
    await app.signIn(household.openid, { other: true });
  });

  afterAll(async () => {
    await app?.close();
  });

  it('asks first, withdraws, and shows the notice again before the next report', async () => {
    // Accepted (by the fixture): check-in opens straight away and the phone remembers it.
    await openTile('checkin');
    await page.locator('[data-testid^="checkin-member-"]').filter({ visible: true }).first().waitFor();
    expect(await shown('privacy-notice').count()).toBe(0);
    await expect.poll(remembered).not.toBeNull();

    await openTile('privacy');
    await shown('privacy-withdraw').click();
    await page.getByText('撤回对告知书的同意？').waitFor();
    expect(await page.getByText('需要重新阅读并同意告知书').count()).toBeGreaterThan(0);
    expect(await page.getByText('按规定期限保存和删除').count()).toBeGreaterThan(0);
    await app.shot('resident-privacy-withdraw-confirm');
    await page.getByText('不撤回', { exact: true }).click();
    await page.waitForTimeout(300);
    expect(await upToDate()).toBe(true);
    expect(await shown('privacy-withdrawn').count()).toBe(0);

    await shown('privacy-withdraw').click();
    await page.getByText('确定撤回', { exact: true }).click();
    await shown('privacy-withdrawn').waitFor();
    expect(await upToDate()).toBe(false);
    expect(await remembered()).toBeNull();

    // The next check-in waits for the notice; accepting it opens the form.
    await openTile('checkin');
    await shown('privacy-notice').waitFor();
    expect(await shown('privacy-version').textContent()).toContain(PRIVACY_NOTICE.version);
    await shown('privacy-accept').click();
    await page.locator('[data-testid^="checkin-member-"]').filter({ visible: true }).first().waitFor();
    expect(await upToDate()).toBe(true);
  });
});
