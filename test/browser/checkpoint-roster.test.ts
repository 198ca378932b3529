/**
 * 排班 in the h5 build (Chromium, the real local stack): a gridworker opens 值守, taps 排班 under a
 * checkpoint of their village, picks a volunteer, keeps today and the checkpoint's hours and
 * double-taps 确认排班: the roster shows the shift at once and the API holds exactly one. Assigning
 * the same person again at those hours is refused in Chinese (SHIFT_OVERLAPS). Screenshots in normal
 * and large type. This file owns 大码头镇 (370523107).
 */
import { randomInt } from 'node:crypto';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiAs, type Call, type H5App, openH5App } from '../support/h5-app';

const VILLAGE = '370523107201'; // 小码头前村

describe('gridworker: assigning a shift on 值守 (h5)', () => {
  let app: H5App;
  let page: Page;
  let admin: Call;
  let checkpointId = '';
  let volunteerId = '';
  const run = randomInt(100, 1000);
  // A reused stack keeps earlier runs' checkpoints and staff in the village: this run's are named.
  const gateName = `小码头前村村口${run}`;
  const volunteerName = `排班志愿者${run}`;
  const phone = `1${randomInt(5, 10)}${String(randomInt(0, 1_000_000_000)).padStart(9, '0')}`;
  const openid = `e2e-roster-${randomInt(0, 1e9)}`;
  const today = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai' }).format(new Date());

  const card = () => app.shown('duty-checkpoint').and(page.locator(`[data-name="${gateName}"]`));
  const rosterOfToday = async () => {
    const res = await admin('GET', `/v1/checkpoints/${checkpointId}/shifts?date=${today}`);
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    return res.body.items as Array<{ staffId: string; starts: string; ends: string }>;
  };

  beforeAll(async () => {
    admin = await apiAs('demo-admin');
    const created = await admin('POST', '/v1/grids', {
      villageCode: VILLAGE,
      kind: 'basic',
      name: '排班测试网格',
    });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    const grid = String(created.body.gridCode);
    const gridworker = await admin('POST', '/v1/staff', {
      role: 'gridworker',
      name: '排班网格员',
      phone,
      gridCodes: [grid],
    });
    expect(gridworker.status, JSON.stringify(gridworker.body)).toBe(201);
    const volunteer = await admin('POST', '/v1/staff', {
      role: 'volunteer',
      name: volunteerName,
      phone: `1${randomInt(5, 10)}${String(randomInt(0, 1_000_000_000)).padStart(9, '0')}`,
      gridCodes: [grid],
    });
    expect(volunteer.status, JSON.stringify(volunteer.body)).toBe(201);
    volunteerId = String(volunteer.body.userId);
    const cp = await admin('POST', '/v1/checkpoints', {
      regionCode: VILLAGE,
      name: gateName,
      kind: 'village_entrance',
      hours: { opens: '07:00', closes: '19:00' },
    });
    expect(cp.status, JSON.stringify(cp.body)).toBe(201);
    checkpointId = String(cp.body.checkpointId);
    app = await openH5App();
    page = app.page;
  });

  afterAll(async () => {
    await app?.close();
  });

  it('assigns a volunteer for today at the checkpoint’s hours; a double tap writes one shift', async () => {
    await app.signIn(openid, { other: true });
    await app.bindAsStaff(phone);
    await app.shown('tile-duty').waitFor({ timeout: 15_000 });
    await app.shown('tile-duty').click();
    await card().waitFor();
    expect(await card().textContent()).toContain('今日还没有排班');

    await app
      .shown('assign-open')
      .and(page.locator(`[data-name="${gateName}"]`))
      .click();
    const person = app.shown(`assign-person-${volunteerId}`);
    await person.waitFor();
    expect(await person.textContent()).toBe(`${volunteerName}（志愿者）`);
    expect(await app.shown(`assign-day-${today}`).getAttribute('data-selected')).toBe('true');
    expect(await app.shown('assign-starts').locator('input').inputValue()).toBe('07:00');
    expect(await app.shown('assign-ends').locator('input').inputValue()).toBe('19:00');
    // Nobody picked: said on the phone, nothing sent.
    await app.shown('assign-submit').click();
    expect(await app.shown('assign-problem').textContent()).toBe('请先选择值守人员');
    await person.click();
    expect(await app.shown('assign-problem').count()).toBe(0);
    await app.shown('assign-shift').scrollIntoViewIfNeeded();
    await app.shot('checkpoint-assign');

    await app.shown('assign-submit').dblclick();
    await expect
      .poll(() => card().locator('[data-testid="duty-roster"]').textContent())
      .toBe(`今日值守：${volunteerName} 07:00–19:00（未签到）`);
    expect(await app.shown('assign-done').textContent()).toBe(
      `已排班：${volunteerName} ${today} 07:00–19:00`,
    );
    expect(await app.shown('assign-shift').count()).toBe(0);
    // A little later nothing more arrives: the double tap wrote one shift.
    await page.waitForTimeout(1000);
    expect(await rosterOfToday()).toEqual([
      expect.objectContaining({ staffId: volunteerId, starts: '07:00', ends: '19:00' }),
    ]);
    await app.shot('checkpoint-assigned');
  });

  it('says in Chinese why the API refuses: the person already has a shift then', async () => {
    await app
      .shown('assign-open')
      .and(page.locator(`[data-name="${gateName}"]`))
      .click();
    await app.shown(`assign-person-${volunteerId}`).click();
    await app.shown('assign-starts').locator('input').fill('18:00');
    await app.shown('assign-ends').locator('input').fill('22:00');
    await app.shown('assign-submit').click();
    await expect
      .poll(() => app.shown('assign-problem').textContent())
      .toBe('该人员在这段时间已有班次，请换个时间或换人');
    await app.shown('assign-problem').scrollIntoViewIfNeeded();
    await app.shot('checkpoint-assign-refused');
    expect(await rosterOfToday()).toHaveLength(1);
  });

  it('screens in large type', async () => {
    await page.evaluate(`localStorage.setItem('largeFont', '${JSON.stringify({ data: true })}')`);
    await page.reload();
    await card().waitFor();
    await app
      .shown('assign-open')
      .and(page.locator(`[data-name="${gateName}"]`))
      .click();
    await app.shown(`assign-person-${volunteerId}`).click();
    await app.shown('assign-shift').scrollIntoViewIfNeeded();
    await app.shot('checkpoint-assign-large');
    await page.evaluate(`localStorage.setItem('largeFont', '${JSON.stringify({ data: false })}')`);
  });
});
