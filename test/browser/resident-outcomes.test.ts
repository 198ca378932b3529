/**
 * What the household hears back, on screen (h5 build, Chromium, the real local stack): a check-in
 * the gridworker rejected shows as 已退回 with the reason on home and on the check-in page, the
 * slot can be reported again, and the messages list has the verdict; the two rights the privacy
 * notice promises (who viewed my data, corrections) are screens that work; and every screen the
 * notice names exists.
 */
import { localDate, PRIVACY_NOTICE } from '@grid/shared';
import type { Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type H5App, openH5App } from '../support/h5-app';
import { newResidentHousehold, type ResidentHousehold } from '../support/resident-household';

describe('outcomes and rights on screen', () => {
  let app: H5App;
  let page: Page;
  let household: ResidentHousehold;
  const shown = (testId: string): Locator => app.shown(testId);
  const NOTE = '电话核实：体温计没放好，请重新测量';

  async function openHome() {
    await page.goto(`${app.url}/#/pages/home/index`);
    await page.reload();
    await shown('home-hello').waitFor();
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

  it('shows a rejected check-in as 已退回 with the reason, and takes a new report of the slot', async () => {
    const { personId, name } = household.members[0]!;
    const first = await household.resident(
      'POST',
      `/v1/persons/${personId}/health-reports`,
      { temperature: 36.5 },
      { 'idempotency-key': `e2e-r13-first-${personId.slice(-8)}` },
    );
    expect(first.status).toBe(201);
    const verdict = await household.gridworker('POST', `/v1/submissions/${first.body.submissionId}/verify`, {
      decision: 'rejected',
      method: 'phone',
      note: NOTE,
    });
    expect(verdict.status).toBe(200);

    await openHome();
    const slot = String(first.body.slot);
    await expect.poll(() => shown(`today-${slot}`).getAttribute('data-status')).toBe('rejected');
    expect(await shown('today-rejected-note').textContent()).toContain(NOTE);
    await app.shot('resident-rejected-home');

    await shown('tile-checkin').click();
    await expect.poll(() => shown(`today-${slot}`).getAttribute('data-status')).toBe('rejected');
    const card = page.locator('[data-testid="checkin-member-0"]').filter({ visible: true });
    expect(await card.textContent()).toContain(name);
    await card.locator('[data-testid$="-input"] input').fill('36,7');
    await shown('checkin-submit').click();
    await expect.poll(() => shown('checkin-result-0').textContent()).toBe('已提交');
    await app.shot('resident-rereported');

    const today = localDate(new Date());
    const file = await household.gridworker(
      'GET',
      `/v1/persons/${personId}/health-reports?from=${today}&to=${today}`,
    );
    const inSlot = (
      file.body.items as Array<{ slot: string; temperature: number; verification: { status: string } }>
    ).filter((r) => r.slot === slot);
    expect(inSlot.map((r) => [r.temperature, r.verification.status])).toEqual([
      [36.5, 'rejected'],
      [36.7, 'pending'],
    ]);

    await openHome();
    await expect.poll(() => shown(`today-${slot}`).getAttribute('data-status')).toBe('reported');
    await shown('tile-messages').click();
    const first_ = shown('message-item').first();
    await expect.poll(() => first_.textContent()).toContain('被退回');
    expect(await first_.textContent()).toContain(NOTE);
    expect(await first_.getAttribute('data-tone')).toBe('error');
    await app.shot('resident-messages-rejected');
  });

  it('shows who viewed the household’s data, with the stated reason', async () => {
    const { personId } = household.members[0]!;
    const unmask = await household.gridworker('POST', `/v1/persons/${personId}/unmask`, {
      reason: '流调需要核对完整身份证号和电话',
      purpose: 'contact_tracing',
    });
    expect(unmask.status, JSON.stringify(unmask.body)).toBe(200);
    await openHome();
    await shown('tile-privacy').click();
    await shown('privacy-access-log').click();
    const entry = shown('access-entry').first();
    await expect.poll(() => entry.textContent()).toContain('查看了完整身份证号和手机号');
    expect(await entry.textContent()).toContain('理由：流调需要核对完整身份证号和电话');
    await app.shot('resident-access-log');
  });

  it('takes a correction request and shows its outcome once the gridworker applied it', async () => {
    await openHome();
    await shown('tile-privacy').click();
    await shown('privacy-corrections').click();
    await shown('correction-field-phone').click();
    await shown('correction-proposed').locator('input').fill('13800001111');
    await shown('correction-reason').locator('textarea').fill('换了新号码');
    await shown('correction-submit').click();
    await shown('correction-sent').waitFor();
    const item = shown('correction-item').first();
    await expect.poll(() => item.getAttribute('data-status')).toBe('open');
    expect(await item.textContent()).toContain('手机号');

    const list = await household.resident('GET', '/v1/me/corrections');
    const correctionId = (list.body.items as Array<{ correctionId: string }>)[0]!.correctionId;
    const resolved = await household.gridworker('POST', `/v1/corrections/${correctionId}/resolve`, {
      outcome: 'applied',
      note: '已按新号码修改',
    });
    expect(resolved.status, JSON.stringify(resolved.body)).toBe(200);
    await page.reload();
    await expect.poll(() => shown('correction-item').first().getAttribute('data-status')).toBe('applied');
    expect(await shown('correction-item').first().textContent()).toContain('处理说明：已按新号码修改');
    await app.shot('resident-corrections');
  });

  it('keeps a resident signed in, with the reason, when binding as staff fails', async () => {
    await openHome();
    expect(await shown('staff-binding').count()).toBe(0);
    await shown('staff-binding-open').click();
    await shown('bind-phone-submit').click();
    await expect.poll(() => shown('bind-status').textContent()).toBe('请输入 11 位手机号');
    // A well-formed phone no staff record has: the API refuses it, the session stays.
    await shown('bind-phone').locator('input').fill('13000000009');
    await shown('bind-phone-submit').click();
    await expect.poll(() => shown('bind-status').textContent()).not.toBe('请输入 11 位手机号');
    expect(await shown('home-hello').textContent()).toContain('您好');
    expect(await page.evaluate("localStorage.getItem('session') !== null")).toBe(true);
  });

  it('has a screen for every right the privacy notice names', async () => {
    const named = {
      谁查看了我的信息: 'privacy-access-log',
      申请更正: 'privacy-corrections',
    } as const;
    const text = PRIVACY_NOTICE.paragraphs.join('');
    for (const [words, testId] of Object.entries(named)) {
      expect(text).toContain(words);
      await openHome();
      await shown('tile-privacy').click();
      await shown(testId).click();
      await expect.poll(() => shown('page-title').textContent()).toBe(words);
    }
  });
});
