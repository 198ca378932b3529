/**
 * Registration tasks from a cross-matched list in the h5 build against the local stack: an arrival
 * the list names at an address in a gridworker's community, matched to no household record, is on
 * that gridworker's 登记任务 screen, paged as the API gives it, with the way to register them and a
 * one-tap call that reads the full number once per tap (the server records each read) and dials it;
 * 去登记 opens the headed 入户登记 page, whose ‹ 返回 comes back.
 */
import { randomInt } from 'node:crypto';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freshName, LIST_HEADER, randomIdNumber, randomPhone } from '../support/cross-match-list';
import { apiAs, type H5App, openH5App } from '../support/h5-app';
import { allPages, drainStreams } from '../support/staff';

/** Where '东营区油建社区…号' lands: the community's first grid (see cross-match-list PLACES). */
const GRID = '370502001027001';

const csv = (rows: string[][]) => `${rows.map((r) => r.join(',')).join('\n')}\n`;

describe('gridworker: registration tasks from a cross-matched list (h5)', () => {
  let app: H5App;
  let page: Page;
  const arrival = freshName();
  const phone = `1${randomInt(5, 10)}${String(randomInt(0, 1_000_000_000)).padStart(9, '0')}`;
  const openid = `e2e-reg-${randomInt(0, 1e9)}`;
  const arrivalPhone = randomPhone();

  beforeAll(async () => {
    const admin = await apiAs('demo-admin');
    const staff = await admin('POST', '/v1/staff', {
      role: 'gridworker',
      name: '登记网格员',
      phone,
      gridCodes: [GRID],
    });
    expect(staff.status, JSON.stringify(staff.body)).toBe(201);
    const list = csv([
      [...LIST_HEADER],
      [
        arrival,
        randomIdNumber(),
        arrivalPhone,
        '湖北省武汉市',
        '2026-01-20',
        `东营区油建社区${randomInt(1, 99)}号`,
      ],
    ]);
    const created = await admin('POST', '/v1/cross-match/imports', {
      filename: 'arrivals.csv',
      source: 'police',
      contentBase64: Buffer.from(list, 'utf8').toString('base64'),
    });
    expect(created.status, JSON.stringify(created.body)).toBe(202); // accepted: processed through the stream
    const importId = String(created.body.importId);
    // The import runs through the stream: drain until it is done (expect.poll is for tests only).
    let status = '';
    for (let i = 0; i < 120 && status !== 'completed'; i++) {
      await drainStreams();
      status = String((await admin('GET', `/v1/cross-match/imports/${importId}`)).body.status);
      if (status !== 'completed') await new Promise((r) => setTimeout(r, 500));
    }
    expect(status).toBe('completed');
    app = await openH5App();
    page = app.page;
  });

  afterAll(async () => {
    await app?.close();
  });

  it('shows the unmatched arrival on the grid’s 登记任务 with the way to register them', async () => {
    await app.signIn(openid, { other: true });
    await app.bindAsStaff(phone);
    await app.shown('tile-registration').waitFor({ timeout: 15_000 });
    await app.shown('tile-registration').click();
    const task = app.shown('registration-task').and(page.locator(`[data-name="${arrival}"]`));
    await task.waitFor();
    expect(await task.textContent()).toContain('湖北省武汉市');
    const gw = await apiAs(openid);
    const api = await allPages<{ name: string }>(gw, `/v1/grids/${GRID}/registration-tasks`);
    expect(await app.shown('registration-task').count()).toBe(Math.min(api.length, 20));
    await app.shot('gridworker-registration-tasks');

    // 拨打电话: one read of the task's contact route per tap, then the number is dialled (tel:).
    // Before 去登记 → ‹ 返回 on purpose: a dial must not leave the app's 返回 without effect. The
    // number is opened beside the app, so the context (not the page) sees the tel: request.
    const contactReads: string[] = [];
    const dialled: string[] = [];
    page.context().on('request', (r) => {
      if (r.url().includes('/v1/registration-tasks/') && r.url().endsWith('/contact'))
        contactReads.push(r.url());
      if (r.url().startsWith('tel:')) dialled.push(r.url());
    });
    await task.locator('[data-testid="registration-call"]').click();
    await expect.poll(() => dialled).toEqual([`tel:${arrivalPhone}`]);
    expect(contactReads).toHaveLength(1);
    expect(await task.locator('[data-testid="registration-call-problem"]').count()).toBe(0);

    await task.locator('[data-testid="registration-register"]').click();
    await expect.poll(() => page.url()).toContain('gridworker/pages/register/index');
    // Headed like every other page in h5: its title, and ‹ 返回 back to the tasks.
    await expect.poll(() => app.shown('page-title').textContent()).toBe('入户登记');
    await app.shown('page-back').click();
    await expect.poll(() => page.url()).toContain('gridworker/pages/registration/index');
  });
});
