/**
 * The mini program's quarantine, alert, supply and dashboard screens (h5 build, Chromium) against
 * the real local stack: a gridworker's board and follow-up, an alert taken in hand and resolved,
 * a supply request from the household through a volunteer and back, and the centre's figures.
 */
import { randomInt, randomUUID } from 'node:crypto';
import { makeIdNumber } from '@grid/shared';
import type { Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { apiAs, type H5App, openH5App } from '../support/h5-app';

const { controlUrl } = inject('stack');

async function drainStreams(): Promise<void> {
  const res = await fetch(`${controlUrl}/streams/drain`, { method: 'POST' });
  if (!res.ok) throw new Error(`drain failed: ${await res.text()}`);
}

interface BoardItem {
  personName: string;
  morning: string;
  evening: string;
}

describe('quarantine, alerts, supply and the dashboard in the mini program (h5)', () => {
  let app: H5App;
  let page: Page;
  let grid = '';
  let gridCount = 0;
  const tag = randomUUID().slice(0, 8);
  const residentOpenid = `e2e-q-${tag}`;
  const personName = `隔离${String.fromCharCode(0x4e00 + randomInt(0, 200))}${String.fromCharCode(0x4e00 + randomInt(200, 400))}`;
  const volunteerPhone = `1${randomInt(5, 10)}${String(randomInt(0, 1_000_000_000)).padStart(9, '0')}`;
  let requestId = '';

  const shown = (testId: string): Locator => app.shown(testId);

  const shot = (name: string, options?: { top?: boolean }) => app.shot(name, options);

  const signIn = (openid: string, options?: { other?: boolean }) => app.signIn(openid, options);

  async function pickGrid(chips: string) {
    if (gridCount > 1) await shown(`${chips}-${grid}`).click();
  }

  beforeAll(async () => {
    const gw = await apiAs('demo-gw1');
    const scopes = (await gw('GET', '/v1/me')).body.scopes as string[];
    grid = scopes[0]!;
    gridCount = scopes.length;

    // A household of one in the gridworker's grid, placed in home quarantine.
    const resident = await apiAs(residentOpenid);
    const created = await resident(
      'POST',
      '/v1/households',
      {
        address: `东营区文汇街道 隔离楼 ${tag} 号`,
        gridCode: grid,
        members: [
          {
            name: personName,
            relation: 'self',
            idNumber: makeIdNumber(
              '370502',
              `19${randomInt(50, 99)}-0${randomInt(1, 10)}-1${randomInt(0, 9)}`,
              String(randomInt(100, 999)),
            ),
            phone: `1${randomInt(5, 10)}${String(randomInt(0, 1_000_000_000)).padStart(9, '0')}`,
          },
        ],
      },
      { 'idempotency-key': `e2e-${tag}-household` },
    );
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    const placed = await gw('POST', '/v1/quarantines', {
      householdId: created.body.householdId,
      reason: 'close_contact',
      reasonNote: '密接',
    });
    expect(placed.status, JSON.stringify(placed.body)).toBe(201);

    // A volunteer for the same grid: registered by the admin, bound in the browser below.
    const admin = await apiAs('demo-admin');
    const staff = await admin('POST', '/v1/staff', {
      role: 'volunteer',
      name: '志愿者小刘',
      phone: volunteerPhone,
      gridCodes: [grid],
    });
    expect(staff.status, JSON.stringify(staff.body)).toBe(201);

    app = await openH5App();
    page = app.page;
  });

  afterAll(async () => {
    await app?.close();
  });

  it('shows the gridworker each quarantined person with the status the API gives for now, overdue first', async () => {
    const gw = await apiAs('demo-gw1');
    await signIn('demo-gw1');
    await shown('tile-quarantine').click();
    await pickGrid('board-grid');
    const row = shown('board-row').and(page.locator(`[data-person="${personName}"]`));
    await row.waitFor();
    const board = (await gw('GET', `/v1/grids/${grid}/quarantine-board`)).body.items as BoardItem[];
    const mine = board.find((b) => b.personName === personName)!;
    expect(await row.locator('[data-testid="board-morning"]').getAttribute('data-status')).toBe(mine.morning);
    expect(await row.locator('[data-testid="board-evening"]').getAttribute('data-status')).toBe(mine.evening);
    const overdue = mine.morning === 'overdue' || mine.evening === 'overdue';
    expect(await row.getAttribute('data-overdue')).toBe(String(overdue));
    // Overdue rows come before every row that is not.
    const flags = await shown('board-row').evaluateAll((rows) =>
      rows.map((r) => r.getAttribute('data-overdue')),
    );
    expect(flags.indexOf('false') === -1 || flags.lastIndexOf('true') < flags.indexOf('false')).toBe(true);
    await shot('quarantine-board', { top: true });
  });

  it('records a door-step follow-up with a fever, which raises an alert taken in hand and resolved', async () => {
    const row = shown('board-row').and(page.locator(`[data-person="${personName}"]`));
    await row.locator('[data-testid="board-follow-up"]').click();
    await row.locator('[data-testid="followup-method-door"]').click();
    const plus = row.locator('[data-testid="followup-temp-plus"]');
    for (let i = 0; i < 15; i++) await plus.click();
    expect(await row.locator('[data-testid="followup-temp-input"] input').inputValue()).toBe('38.0');
    await row.locator('[data-testid="followup-note"] textarea').fill('敲门未入户，自述乏力');
    await shot('quarantine-follow-up');
    await row.locator('[data-testid="followup-submit"]').click();
    await row.locator('[data-testid="board-recorded"]').waitFor();
    // The board's reading and check status are kept by the stream consumer: let it run, then look again.
    await drainStreams();
    await page.goBack();
    await shown('tile-quarantine').click();
    await pickGrid('board-grid');
    await expect.poll(() => row.locator('[data-testid="board-last"]').textContent()).toContain('38.0 °C');
    await page.goBack();
    await shown('tile-alerts').click();
    if (gridCount > 1) await shown(`alerts-scope-${grid}`).click();
    const alert = shown('alert-item').and(page.locator(`[data-person="${personName}"]`));
    await alert.waitFor();
    expect(await alert.getAttribute('data-kind')).toBe('FEVER');
    expect(await alert.textContent()).toContain('体温 38.0 °C');
    const openBefore = Number(await shown('alerts-count-open').textContent());
    await shot('alerts-open', { top: true });
    await alert.locator('[data-testid="alert-acknowledge"]').click();
    await expect
      .poll(async () => Number(await shown('alerts-count-open').textContent()))
      .toBe(openBefore - 1);

    // Taken in hand, it stays in sight: under 处理中 on the same page.
    const taken = shown('alerts-section-acknowledged').locator(`[data-person="${personName}"]`);
    await taken.waitFor();
    await alert.locator('[data-testid="alert-resolve"]').click();
    await alert.locator('[data-testid="alert-resolve-send"]').click();
    expect(await alert.locator('[data-testid="alert-problem"]').textContent()).toBe('请写明处理结果');
    await alert.locator('[data-testid="alert-note"] textarea').fill('已电话联系，复测 37.0 °C，继续观察');
    await shot('alerts-resolve');
    await alert.locator('[data-testid="alert-resolve-send"]').click();
    await expect.poll(() => alert.count()).toBe(0);

    const gw = await apiAs('demo-gw1');
    const resolved = (await gw('GET', `/v1/alerts?scope=${grid}&status=resolved`)).body.items as Array<{
      personName: string;
      resolution: string;
    }>;
    expect(resolved.find((a) => a.personName === personName)?.resolution).toBe(
      '已电话联系，复测 37.0 °C，继续观察',
    );
  });

  it('takes a supply request from the household to a volunteer, who accepts and delivers, and back', async () => {
    await signIn(residentOpenid, { other: true });
    await shown('tile-supply').click();
    await shown('supply-new').click();
    await shown('supply-kind-vegetables').click();
    await shown('supply-line-vegetables-plus').click();
    await shown('supply-kind-masks').click();
    await shown('supply-line-masks-unit-box').click();
    await shown('supply-kind-medicine').click();
    await shown('supply-medicine-name').locator('input').fill('布洛芬缓释胶囊');
    await shown('supply-prescription').locator('textarea').fill('社区医生开具，每日两次');
    await shown('supply-note').locator('textarea').fill('请放门口，到了打电话');
    await shot('supply-form');
    await shown('supply-submit').click();
    await expect.poll(() => shown('supply-new-status').textContent()).toContain('申请已提交');
    // h5 cannot ask for WeChat subscribe messages: the prompt stays away.
    expect(await shown('subscribe-prompt').count()).toBe(0);
    await shown('supply-new-finish').click();
    const mine = shown('supply-request').first();
    await expect.poll(() => mine.getAttribute('data-status')).toBe('submitted');
    expect(await mine.textContent()).toContain('蔬菜 2 斤、口罩 1 盒、药品：布洛芬缓释胶囊 1 盒');
    await shot('supply-status-submitted');

    const resident = await apiAs(residentOpenid);
    const householdId = (await resident('GET', '/v1/households/mine')).body.householdId as string;
    const list = (await resident('GET', `/v1/households/${householdId}/supply-requests`)).body
      .items as Array<{
      requestId: string;
    }>;
    requestId = list[0]!.requestId;

    // The volunteer binds the registered phone, then sees only the supply queue and checkpoint duty.
    await signIn(`e2e-vol-${tag}`, { other: true });
    await app.bindAsStaff(volunteerPhone);
    await expect.poll(() => shown('home-role').textContent()).toBe('志愿者');
    const tiles = page.locator('[data-testid^="tile-"]').filter({ visible: true });
    await expect
      .poll(async () =>
        (await tiles.evaluateAll((els) => els.map((e) => e.getAttribute('data-testid')))).sort(),
      )
      .toEqual(['tile-duty', 'tile-supply-queue']);
    await shot('home-volunteer');
    await shown('tile-supply-queue').click();
    const card = shown('supply-item').and(page.locator(`[data-request="${requestId}"]`));
    await card.waitFor();
    expect(await card.textContent()).toContain(`东营区文汇街道 隔离楼 ${tag} 号`);
    expect(await card.locator('[data-testid="supply-reject"]').count()).toBe(0);
    await shot('supply-queue');
    await card.locator('[data-testid="supply-accept"]').click();
    await expect.poll(() => card.getAttribute('data-status')).toBe('accepted');
    await card.locator('[data-testid="supply-deliver"]').click();
    await card.locator('[data-testid="supply-text"] textarea').fill('已放门口，已电话告知');
    await card.locator('[data-testid="supply-send"]').click();
    await expect.poll(() => card.count()).toBe(0);

    await signIn(residentOpenid, { other: true });
    await shown('tile-supply').click();
    const delivered = shown('supply-request').first();
    await expect.poll(() => delivered.getAttribute('data-status')).toBe('delivered');
    expect(await delivered.textContent()).toContain('送达说明：已放门口，已电话告知');
    await delivered.locator('[data-testid="supply-confirm"]').click();
    await expect.poll(() => delivered.getAttribute('data-status')).toBe('confirmed');
    expect(await delivered.locator('[data-testid="supply-request-status"]').textContent()).toBe('已确认收货');
    await shot('supply-status-confirmed');

    await page.goBack();
    await shown('tile-messages').click();
    await expect
      .poll(() => shown('message-item').allTextContents())
      .toEqual([
        expect.stringContaining('您已确认收货'),
        expect.stringContaining('物资已送达，请确认收货'),
        expect.stringContaining('物资申请已接单'),
        expect.stringContaining('物资申请已提交'),
        // The fever found at the door-step follow-up reached the household too, with its outcome.
        expect.stringContaining('已通知网格员'),
      ]);
    await shot('resident-messages');
  });

  it('shows the street centre its real figures, the trend chart and a drill-down to the community', async () => {
    await drainStreams();
    const centre = await apiAs('demo-street');
    const street = (await centre('GET', '/v1/stats/370502001')).body as {
      gauges: Record<string, number>;
      flows: Record<string, number>;
    };
    expect(street.gauges.quarantinedNow).toBeGreaterThanOrEqual(1);
    await signIn('demo-street');
    await shown('tile-centre').click();
    await expect
      .poll(() => shown('gauge-households').locator('.figure__value').textContent())
      .toBe(String(street.gauges.households));
    expect(await shown('gauge-quarantinedNow').locator('.figure__value').textContent()).toBe(
      String(street.gauges.quarantinedNow),
    );
    expect(await shown('flow-supplyDelivered').locator('.figure__value').textContent()).toBe(
      String(street.flows.supplyDelivered),
    );
    await shown('trend-chart').locator('canvas').first().waitFor();
    expect(await shown('trend-chart').getAttribute('data-kind')).toBe('echarts');
    await shot('centre-dashboard', { top: true });

    const community = grid.slice(0, 12);
    const child = (await centre('GET', `/v1/stats/${community}`)).body as { gauges: Record<string, number> };
    await shown('drill-item')
      .and(page.locator(`[data-code="${community}"]`))
      .click();
    await shown('crumb-1').waitFor();
    await expect
      .poll(() => shown('gauge-quarantinedNow').locator('.figure__value').textContent())
      .toBe(String(child.gauges.quarantinedNow));
    await shown('drill-item')
      .and(page.locator(`[data-code="${grid}"]`))
      .waitFor();
    await shot('centre-drill-down', { top: true });
    await shown('crumb-0').click();
    await expect.poll(() => shown('crumb-1').count()).toBe(0);
  });
});
