/**
 * The checkpoint screens in the h5 build (Chromium, the real local stack): a gridworker signs in to
 * their shift on 值守, opens the gate's log, and logs people through; a double tap on 本村居民放行
 * writes one entry; with the context offline a turn-back, a visitor and a resident wait in the
 * outbox and, back online, are written once each; 今日统计 then shows the server's figures. Passes
 * the server issued (one revoked by a new quarantine and re-issued red, one of another village) are
 * verified on the scan screen with the context offline, from the keys and revocations it fetched
 * when it had signal, and logged with their colour. Screenshots in normal and large type. This file
 * owns 李鹊镇 (370523106).
 */
import { randomInt } from 'node:crypto';
import { base45Decode, base45Encode } from '@grid/shared/pass';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiAs, type Call, type H5App, openH5App } from '../support/h5-app';
import { type ArrangedHousehold, drainStreams, household } from '../support/staff';

const VILLAGE = '370523106201'; // 东水村
const OTHER_VILLAGE = '370523106202'; // 西水村

/** The pass with the last byte of its signature flipped: well-formed, but not what was signed. */
function tampered(text: string): string {
  const bytes = base45Decode(text.slice('HP1:'.length));
  if (!bytes) throw new Error('not a pass');
  const last = bytes.length - 1;
  bytes[last] = (bytes[last] ?? 0) ^ 0x01;
  return `HP1:${base45Encode(bytes)}`;
}

describe('gridworker: checkpoint duty and the gate log (h5)', () => {
  let app: H5App;
  let page: Page;
  let admin: Call;
  let checkpointId = '';
  let grid = '';
  let otherGrid = '';
  const phone = `1${randomInt(5, 10)}${String(randomInt(0, 1_000_000_000)).padStart(9, '0')}`;
  const openid = `e2e-cp-${randomInt(0, 1e9)}`;
  const today = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai' }).format(new Date());

  const entries = async () => {
    const res = await admin('GET', `/v1/checkpoints/${checkpointId}/entries?date=${today}&limit=100`);
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    return res.body.items as Array<{
      person: { kind: string };
      plate: string | null;
      direction: string;
      pass: { colour: string } | null;
    }>;
  };

  beforeAll(async () => {
    admin = await apiAs('demo-admin');
    const created = await admin('POST', '/v1/grids', {
      villageCode: VILLAGE,
      kind: 'basic',
      name: '卡口测试网格',
    });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    grid = String(created.body.gridCode);
    const another = await admin('POST', '/v1/grids', {
      villageCode: OTHER_VILLAGE,
      kind: 'basic',
      name: '卡口测试网格',
    });
    expect(another.status, JSON.stringify(another.body)).toBe(201);
    otherGrid = String(another.body.gridCode);
    const staff = await admin('POST', '/v1/staff', {
      role: 'gridworker',
      name: '值守网格员',
      phone,
      gridCodes: [grid],
    });
    expect(staff.status, JSON.stringify(staff.body)).toBe(201);
    const cp = await admin('POST', '/v1/checkpoints', {
      regionCode: VILLAGE,
      name: '东水村村口',
      kind: 'village_entrance',
      hours: { opens: '06:00', closes: '22:00' },
    });
    expect(cp.status, JSON.stringify(cp.body)).toBe(201);
    checkpointId = String(cp.body.checkpointId);
    const shift = await admin(
      'POST',
      `/v1/checkpoints/${checkpointId}/shifts`,
      { staffId: staff.body.userId, date: today, starts: '06:00', ends: '14:00' },
      { 'idempotency-key': `e2e-cp-shift-${randomInt(0, 1e9)}` },
    );
    expect(shift.status, JSON.stringify(shift.body)).toBe(201);
    app = await openH5App();
    page = app.page;
  });

  afterAll(async () => {
    await app?.close();
  });

  it('signs in to the shift and opens the gate', async () => {
    await app.signIn(openid, { other: true });
    await app.bindAsStaff(phone);
    await app.shown('tile-duty').waitFor({ timeout: 15_000 });
    await app.shown('tile-duty').click();
    await app.shown('duty-shift').waitFor();
    expect(await app.shown('duty-shift-status').textContent()).toBe('未签到');
    await app.shown('duty-sign-in').click();
    await expect.poll(() => app.shown('duty-shift-status').textContent()).toBe('值守中');
    // Today's roster of the village's checkpoint names who is on duty.
    await expect
      .poll(() => app.shown('duty-roster').first().textContent())
      .toBe('今日值守：值守网格员 06:00–14:00（值守中）');
    await app.shot('checkpoint-duty');

    // A gridworker sets up another checkpoint of their village from 值守.
    await app.shown('new-checkpoint-open').click();
    await app.shown('new-checkpoint-submit').click();
    expect(await app.shown('new-checkpoint-problem').textContent()).toBe('请填写卡口名称');
    await app.shown('new-checkpoint-name').locator('input').fill('东水村南口');
    await app.shown('new-checkpoint-kind-road').click();
    await app.shown('new-checkpoint-closes').locator('input').fill('20:00');
    expect(await app.shown('new-checkpoint-problem').count()).toBe(0);
    await app.shot('checkpoint-setup');
    await app.shown('new-checkpoint-submit').click();
    const created = app.shown('duty-checkpoint').and(page.locator('[data-name="东水村南口"]'));
    await created.waitFor();
    expect(await created.textContent()).toContain('道路卡口 06:00–20:00');
    expect(await created.textContent()).toContain('今日还没有排班');
    const listed = await admin('GET', `/v1/checkpoints?regionCode=${VILLAGE}`);
    expect(
      (listed.body.items as Array<{ name: string; kind: string }>).map((c) => [c.name, c.kind]),
    ).toContainEqual(['东水村南口', 'road']);
    await app.shown('duty-open-log').click();
    await expect.poll(() => app.shown('page-title').textContent()).toBe('东水村村口');
    await app.shown('gate-resident').waitFor();
  });

  it('writes one entry for a double tap, with the plate normalised', async () => {
    await app.shown('gate-plate').locator('input').fill('鲁e 12345');
    await app.shown('gate-resident').dblclick();
    await expect.poll(() => app.shown('gate-recent-entry').count()).toBe(1);
    await page.waitForTimeout(500);
    const logged = await entries();
    expect(logged).toHaveLength(1);
    expect(logged[0]).toMatchObject({ person: { kind: 'resident' }, plate: '鲁E12345', direction: 'in' });
    expect(await app.shown('gate-recent-entry').count()).toBe(1);
  });

  it('logs offline, and syncs each entry once when the signal returns', async () => {
    await page.context().setOffline(true);
    await app.shown('offline-banner').waitFor();
    // 劝返 with a reason, a car.
    await app.shown('gate-plate').locator('input').fill('苏A·8B88D');
    await app.shown('gate-turn-back').click();
    await app.shown('turn-back-reason-risk_area').click();
    await app.shown('turn-back-confirm').click();
    await expect.poll(() => app.shown('gate-recent-entry').count()).toBe(2);
    // A registered visitor.
    await app.shown('gate-visitor').click();
    await app.shown('visitor-name').locator('input').fill('李四');
    await app.shown('visitor-host').locator('input').fill('3排5号 王建国');
    await app.shown('visitor-reason').locator('input').fill('送药');
    await app.shown('visitor-confirm').click();
    await expect.poll(() => app.shown('gate-recent-entry').count()).toBe(3);
    // A resident going out, double-tapped.
    await app.shown('gate-direction-out').click();
    await app.shown('gate-resident').dblclick();
    await expect.poll(() => app.shown('gate-recent-entry').count()).toBe(4);
    const states = await app.shown('gate-recent-state').allTextContents();
    expect(states.slice(0, 3)).toEqual([
      '已保存，联网后自动提交',
      '已保存，联网后自动提交',
      '已保存，联网后自动提交',
    ]);
    await app.shot('checkpoint-log-offline');

    await page.context().setOffline(false);
    await expect.poll(async () => (await entries()).length, { timeout: 15_000 }).toBe(4);
    await expect
      .poll(() => app.shown('gate-recent-state').allTextContents(), { timeout: 15_000 })
      .toEqual(['已登记', '已登记', '已登记', '已登记']);
    // A little later nothing more arrives: each was written once.
    await page.waitForTimeout(1500);
    const logged = await entries();
    expect(logged.map((e) => e.person.kind).sort()).toEqual([
      'resident',
      'resident',
      'turned_back',
      'visitor',
    ]);
    expect(logged.find((e) => e.person.kind === 'turned_back')?.plate).toBe('苏A8B88D');
    // Today's figures from the server.
    await expect
      .poll(() => app.shown('figure-turnedBack').locator('.figures__value').textContent())
      .toBe('1');
    expect(await app.shown('figure-admitted').locator('.figures__value').textContent()).toBe('2');
    expect(await app.shown('figure-departed').locator('.figures__value').textContent()).toBe('1');
  });

  it('verifies passes at the gate with the context offline, and logs the scan with its colour', async () => {
    // Passes as the server issues them: a household of this village (A, B), B then placed in home
    // quarantine (its green pass revoked at once, a red one issued), and a household of another village.
    const home = await household(grid, ['王建国', '李秀英']);
    const other = await household(otherGrid, ['赵立新']);
    const passes = async (h: ArrangedHousehold) => {
      const res = await h.resident('GET', '/v1/me/passes');
      expect(res.status, JSON.stringify(res.body)).toBe(200);
      return res.body.passes as Array<{
        personId: string;
        passId: string;
        colour: string;
        maskedName: string;
        text: string;
      }>;
    };
    const [greenA, greenB] = await passes(home);
    const [outsider] = await passes(other);
    const placed = await admin(
      'POST',
      '/v1/quarantines',
      { personIds: [home.members[1]!.personId], reason: 'close_contact' },
      { 'idempotency-key': `e2e-cp-${randomInt(0, 1e9)}` },
    );
    expect(placed.status, JSON.stringify(placed.body)).toBe(201);
    await drainStreams();
    const redB = (await passes(home))[1]!;
    expect(redB.colour).toBe('red');

    // Online once: the scan screen fetches the keys and the revocations. Then the signal goes.
    await app.shown('gate-scan').click();
    await expect.poll(() => app.shown('scan-trust').textContent()).toContain('核验密钥更新于');
    await page.context().setOffline(true);
    const verify = async (text: string) => {
      await app.shown('scan-text').locator('input').fill(text);
      await app.shown('scan-verify').click();
      await app.shown('scan-verdict').waitFor();
    };
    const pass = async (which: 'green' | 'red') => (which === 'green' ? greenA!.text : redB.text);
    await verify(await pass('green'));
    expect(await app.shown('scan-colour').textContent()).toBe('绿码');
    expect(await app.shown('scan-name').textContent()).toBe(greenA!.maskedName);
    await app.shot('checkpoint-scan-green');
    await app.shown('scan-pass').click();
    await app.shown('scan-logged').waitFor();

    await verify(await pass('red'));
    expect(await app.shown('scan-colour').textContent()).toBe('红码');
    expect(await app.shown('scan-pass').count()).toBe(0);
    await app.shown('scan-turn-back').click();
    await app.shown('scan-logged').waitFor();

    const refusals: Array<[string, string]> = [
      [outsider!.text, '不是本村（社区）的通行码'],
      [greenB!.text, '通行码已作废'],
      [tampered(greenA!.text), '签名不符，可能被篡改'],
      ['HP1:not-a-pass', '不是有效的通行码'],
    ];
    for (const [text, reason] of refusals) {
      await verify(text);
      expect(await app.shown('scan-verdict').getAttribute('data-ok')).toBe('false');
      expect(await app.shown('scan-reason').textContent()).toBe(reason);
    }
    await app.shot('checkpoint-scan-refused');

    await page.context().setOffline(false);
    await expect.poll(async () => (await entries()).length, { timeout: 15_000 }).toBe(6);
    const scanned = (await entries()).filter((e) => e.pass !== null);
    expect(scanned.map((e) => [e.person.kind, e.pass?.colour]).sort()).toEqual([
      ['resident', 'green'],
      ['turned_back', 'red'],
    ]);
    await page.goBack();
    await expect.poll(() => app.shown('figure-passRed').locator('.figures__value').textContent()).toBe('1');
    expect(await app.shown('figure-passGreen').locator('.figures__value').textContent()).toBe('1');
  });

  it('screens in both font modes', async () => {
    await app.shot('checkpoint-log', { top: true });
    await page.evaluate(`localStorage.setItem('largeFont', '${JSON.stringify({ data: true })}')`);
    await page.reload();
    await app.shown('gate-resident').waitFor();
    await app.shot('checkpoint-log-large', { top: true });
    await page.goBack();
    await app.shown('duty-shift').waitFor();
    await app.shot('checkpoint-duty-large', { top: true });
    await page.evaluate(`localStorage.setItem('largeFont', '${JSON.stringify({ data: false })}')`);
  });
});
