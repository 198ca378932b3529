/**
 * The checkpoint screens in the h5 build (Chromium, the real local stack): a gridworker signs in to
 * their shift on 值守, opens the gate's log, and logs people through; a double tap on 本村居民放行
 * writes one entry; with the context offline a turn-back, a visitor and a resident wait in the
 * outbox and, back online, are written once each; 今日统计 then shows the server's figures.
 * Screenshots of both screens in normal and large type. This file owns 李鹊镇 (370523106).
 */
import { randomBytes, randomInt } from 'node:crypto';
import {
  base45Decode,
  base45Encode,
  encodePass,
  localPassSigner,
  passKeyId,
  passPublicKeyHex,
} from '@grid/shared/pass';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiAs, type Call, type H5App, openH5App } from '../support/h5-app';

const VILLAGE = '370523106201'; // 东水村

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
    const grid = await admin('POST', '/v1/grids', {
      villageCode: VILLAGE,
      kind: 'basic',
      name: '卡口测试网格',
    });
    expect(grid.status, JSON.stringify(grid.body)).toBe(201);
    const staff = await admin('POST', '/v1/staff', {
      role: 'gridworker',
      name: '值守网格员',
      phone,
      gridCodes: [grid.body.gridCode],
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
    const shift = await admin('POST', `/v1/checkpoints/${checkpointId}/shifts`, {
      staffId: staff.body.userId,
      date: today,
      starts: '06:00',
      ends: '14:00',
    });
    expect(shift.status, JSON.stringify(shift.body)).toBe(201);
    app = await openH5App();
    page = app.page;
  });

  afterAll(async () => {
    await app?.close();
  });

  it('signs in to the shift and opens the gate', async () => {
    await app.signIn(openid, { other: true });
    await app.shown('staff-binding-open').click();
    await app.shown('bind-phone').locator('input').fill(phone);
    await app.shown('bind-phone-submit').click();
    await app.shown('tile-duty').waitFor({ timeout: 15_000 });
    await app.shown('tile-duty').click();
    await app.shown('duty-shift').waitFor();
    expect(await app.shown('duty-shift-status').textContent()).toBe('未签到');
    await app.shown('duty-sign-in').click();
    await expect.poll(() => app.shown('duty-shift-status').textContent()).toBe('值守中');
    await app.shot('checkpoint-duty');
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
    // The phone's trust cache as refreshPassTrust leaves it after an online visit: a signing key of
    // this test's own (the real one is the server's), and one revoked pass.
    const secret = randomBytes(32).toString('hex');
    const publicKey = passPublicKeyHex(secret);
    const kid = passKeyId(publicKey);
    const sign = localPassSigner(secret);
    const now = Math.floor(Date.now() / 1000);
    const pass = (
      colour: 'green' | 'yellow' | 'red',
      regionCode = VILLAGE,
      passId = randomBytes(12).toString('hex'),
    ) =>
      encodePass(
        { passId, kid, colour, maskedName: '王*国', regionCode, issuedAt: now - 60, expiresAt: now + 86_400 },
        sign,
      );
    const revokedId = randomBytes(12).toString('hex');
    const trust = {
      keys: [{ kid, publicKey }],
      revocations: [
        {
          passId: revokedId,
          revokedAt: new Date().toISOString(),
          expiresAt: new Date((now + 86_400) * 1000).toISOString(),
        },
      ],
      since: null,
      syncedAt: new Date().toISOString(),
    };
    await page.evaluate(`localStorage.setItem('passTrust', '${JSON.stringify({ data: trust })}')`);
    await page.context().setOffline(true);
    await app.shown('gate-scan').click();
    await app.shown('scan-text').waitFor();
    const verify = async (text: string) => {
      await app.shown('scan-text').locator('input').fill(text);
      await app.shown('scan-verify').click();
      await app.shown('scan-verdict').waitFor();
    };
    await verify(await pass('green'));
    expect(await app.shown('scan-colour').textContent()).toBe('绿码');
    expect(await app.shown('scan-name').textContent()).toBe('王*国');
    await app.shot('checkpoint-scan-green');
    await app.shown('scan-pass').click();
    await app.shown('scan-logged').waitFor();

    await verify(await pass('red'));
    expect(await app.shown('scan-colour').textContent()).toBe('红码');
    expect(await app.shown('scan-pass').count()).toBe(0);
    await app.shown('scan-turn-back').click();
    await app.shown('scan-logged').waitFor();

    const refusals: Array<[Promise<string> | string, string]> = [
      [pass('green', '370523106202'), '不是本村（社区）的通行码'],
      [pass('green', VILLAGE, revokedId), '通行码已作废'],
      [tampered(await pass('green')), '签名不符，可能被篡改'],
      ['HP1:not-a-pass', '不是有效的通行码'],
    ];
    for (const [text, reason] of refusals) {
      await verify(await text);
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
