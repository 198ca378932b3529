/**
 * A centre's screens in the h5 build against the local stack: alerts first, figures that agree with
 * the API (shares within 0–100%, drill-down in Chinese), the day's Excel report, a notice published
 * and acknowledged by a gridworker, and the admin's risk-area list.
 */
import { readFile } from 'node:fs/promises';
import { GAUGE_METRICS } from '@grid/shared';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiAs, type Call, type H5App, openH5App } from '../support/h5-app';
import { drainStreams } from '../support/staff';

const STREET = '370502001';

interface Figures {
  gauges: Record<string, number>;
  coverage: Record<string, number | null>;
}

describe('centre: dashboard, report, notices and risk areas (h5)', () => {
  let app: H5App;
  let page: Page;
  let centre: Call;
  let originalRisk: { codes: string[]; note: string | null };

  beforeAll(async () => {
    centre = await apiAs('demo-street');
    const admin = await apiAs('demo-admin');
    originalRisk = (await admin('GET', '/v1/risk-areas')).body as unknown as typeof originalRisk;
    app = await openH5App();
    page = app.page;
  });

  afterAll(async () => {
    const admin = await apiAs('demo-admin');
    await admin('PUT', '/v1/risk-areas', {
      codes: originalRisk.codes,
      ...(originalRisk.note ? { note: originalRisk.note } : {}),
    });
    await app?.close();
  });

  it('shows alerts first and the same figures as the API, every share within 0–100%', async () => {
    await drainStreams();
    await app.signIn('demo-street');
    await app.shown('tile-centre').click();
    await app.shown('centre-gauges').waitFor();
    const stats = (await centre('GET', `/v1/stats/${STREET}`)).body as unknown as Figures;
    for (const m of GAUGE_METRICS) {
      const value = await app.shown(`gauge-${m}`).locator('.figure__value').textContent();
      expect(Number(value), m).toBe(stats.gauges[m]);
    }
    expect(await app.shown('centre-alerts-total').getAttribute('data-count')).toBe(
      String(stats.gauges.openAlerts),
    );
    // Alerts come before the figures on the page.
    const [alertsTop, figuresTop] = await Promise.all(
      ['centre-alerts', 'centre-gauges'].map(async (id) => (await app.shown(id).boundingBox())!.y),
    );
    expect(alertsTop).toBeLessThan(figuresTop!);
    for (const id of ['coverage-screened', 'coverage-checks']) {
      const text = (await app.shown(id).locator('.share__value').textContent())!;
      if (text !== '—') expect(Number.parseFloat(text)).toBeLessThanOrEqual(100);
    }
    // Each drill-down row carries the child's own open-alert figure, and its level in Chinese.
    const children = (await centre('GET', `/v1/stats/${STREET}/children`)).body.items as Array<
      Figures & { code: string }
    >;
    const rows = app.shown('drill-item');
    expect(await rows.count()).toBe(children.length);
    for (const child of children.slice(0, 5)) {
      const r = page.locator(`[data-testid="drill-item"][data-code="${child.code}"]`);
      expect(await r.locator('[data-testid="drill-figures"]').textContent()).toContain(
        `未处理预警 ${child.gauges.openAlerts}`,
      );
      expect(await r.locator('.tag').textContent()).toMatch(/^[\u4e00-\u9fa5/]+$/);
    }
    await app.shot('centre-dashboard', { top: true });
  });

  it('downloads the day’s Excel report of its street', async () => {
    const download = page.waitForEvent('download');
    await app.shown('centre-report').click();
    const file = await download;
    expect(file.suggestedFilename()).toMatch(new RegExp(`^日报-${STREET}-\\d{4}-\\d{2}-\\d{2}\\.xlsx$`));
    const bytes = await readFile((await file.path())!);
    expect(bytes.subarray(0, 2).toString('latin1')).toBe('PK'); // an xlsx is a zip
    await expect.poll(() => app.shown('centre-report-status').textContent()).toContain('已下载');
  });

  it('publishes a notice that a gridworker acknowledges, and shows who has', async () => {
    const title = `通知核对 ${Date.now() % 100000}`;
    await app.shown('centre-notices').click();
    await app.shown('notice-title').locator('input').fill(title);
    await app.shown('notice-body').locator('textarea').fill('今晚 20:00 前完成辖区返乡人员排查并上报。');
    await app.shown('notice-publish').click();
    await expect.poll(() => app.shown('notice-status').textContent()).toContain('已发布');
    await app.shot('centre-notice-published');

    await app.signIn('demo-gw1');
    await app.shown('tile-notices').click();
    const item = app.shown('notice-item').filter({ hasText: title });
    await item.locator('[data-testid="notice-ack"]').click();
    await item.locator('[data-testid="notice-acked"]').waitFor();

    await app.signIn('demo-street');
    await app.shown('tile-centre').click();
    await app.shown('centre-notices').click();
    const mine = app.shown('notice-published').filter({ hasText: title });
    await mine.locator('[data-testid="notice-show-acks"]').click();
    const noticeId = (await mine.getAttribute('data-notice'))!;
    const acks = (await centre('GET', `/v1/notices/${noticeId}/acks`)).body as {
      totals: { recipients: number; acknowledged: number };
    };
    expect(acks.totals.acknowledged).toBeGreaterThanOrEqual(1);
    await expect
      .poll(() => mine.locator('[data-testid="notice-acks-totals"]').textContent())
      .toBe(`已确认 ${acks.totals.acknowledged}/${acks.totals.recipients}`);
    await app.shot('centre-notice-acks');
  });

  it('lets the admin replace the risk-area list', async () => {
    await app.signIn('demo-admin');
    await app.shown('tile-centre').click();
    await app.shown('centre-risk-areas').click();
    await app.shown('risk-current').waitFor();
    await app.shown('risk-input').locator('textarea').fill('4201，110105');
    await app.shown('risk-note').locator('input').fill('武汉市、朝阳区');
    await app.shown('risk-save').click();
    await expect.poll(() => app.shown('risk-status').textContent()).toContain('已保存');
    const admin = await apiAs('demo-admin');
    expect((await admin('GET', '/v1/risk-areas')).body).toMatchObject({
      codes: ['110105', '4201'],
      note: '武汉市、朝阳区',
    });
    await expect.poll(() => app.shown('risk-codes').textContent()).toBe('110105、4201');
    await app.shot('admin-risk-areas');
  });
});
