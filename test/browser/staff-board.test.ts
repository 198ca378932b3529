/**
 * The quarantine board's staff actions in the h5 build against the local stack: a call falls back
 * to the household's numbers for a member without a phone; a quarantine is extended, released and
 * transferred from the board, each checked against the API.
 */
import type { Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiAs, type Call, type H5App, openH5App } from '../support/h5-app';
import { type ArrangedHousehold, drainStreams, household } from '../support/staff';

interface Quarantine {
  quarantineId: string;
  personName: string;
  status: string;
  plannedEndDate: string;
  transferredTo: string | null;
  version: number;
}

describe('gridworker: the quarantine board’s actions (h5)', () => {
  let app: H5App;
  let page: Page;
  let gw: Call;
  let grid = '';
  let gridCount = 0;
  let h: ArrangedHousehold;
  let placed: Quarantine[] = [];
  const names = ['板甲', '板乙', '板丙'];

  const row = (name: string): Locator => app.shown('board-row').and(page.locator(`[data-person="${name}"]`));

  async function openBoard() {
    await app.signIn('demo-gw1');
    await app.shown('tile-quarantine').click();
    if (gridCount > 1) await app.shown(`board-grid-${grid}`).click();
    await row(names[0]!).waitFor();
  }

  const quarantineOf = async (name: string) =>
    (await gw('GET', `/v1/quarantines/${placed.find((q) => q.personName === name)!.quarantineId}`))
      .body as unknown as Quarantine;

  beforeAll(async () => {
    gw = await apiAs('demo-gw1');
    const scopes = (await gw('GET', '/v1/me')).body.scopes as string[];
    grid = scopes[0]!;
    gridCount = scopes.length;
    // The first member has a phone; the elderly two have none.
    h = await household(grid, names, false);
    const res = await gw('POST', '/v1/quarantines', { householdId: h.householdId, reason: 'close_contact' });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    placed = res.body.items as unknown as Quarantine[];
    await drainStreams();
    app = await openH5App();
    page = app.page;
  });

  afterAll(async () => {
    await app?.close();
  });

  it('offers the household’s numbers when the quarantined person has no phone', async () => {
    await openBoard();
    const elderly = row('板乙');
    await elderly.locator('[data-testid="board-call"]').click();
    const fallback = elderly.locator('[data-testid="board-call-fallback"]');
    await fallback.waitFor();
    expect(await fallback.textContent()).toContain('板甲');
    expect(await fallback.locator('[data-testid="board-call-member"]').count()).toBe(1);
    // 14 days left on the first day of a 14-day quarantine.
    expect(await elderly.locator('[data-testid="board-days"]').textContent()).toBe('还剩 14 天');
    await elderly.scrollIntoViewIfNeeded();
    await app.shot('board-phone-fallback');
  });

  it('extends a quarantine by a week from the board', async () => {
    const before = await quarantineOf('板甲');
    const r = row('板甲');
    await r.locator('[data-testid="board-change"]').click();
    await r.locator('[data-testid="qchange-action-extend"]').click();
    await app.shot('board-change-extend');
    await r.locator('[data-testid="qchange-submit"]').click();
    await expect.poll(() => r.locator('[data-testid="qchange-status"]').textContent()).toBe('已延长');
    const after = await quarantineOf('板甲');
    expect(after.plannedEndDate > before.plannedEndDate).toBe(true);
    expect(after.version).toBe(before.version + 1);
  });

  it('releases one with a note and transfers another to hospital, and both leave the board', async () => {
    const b = row('板乙');
    await b.locator('[data-testid="board-change"]').click();
    await b.locator('[data-testid="qchange-action-release"]').click();
    await b.locator('[data-testid="qchange-submit"]').click();
    expect(await b.locator('[data-testid="qchange-status"]').textContent()).toBe('解除须写明说明');
    await b.locator('[data-testid="qchange-note"] input').fill('期满，体温正常');
    await b.locator('[data-testid="qchange-submit"]').click();
    await expect.poll(() => b.count()).toBe(0);
    expect((await quarantineOf('板乙')).status).toBe('released');

    const c = row('板丙');
    await c.locator('[data-testid="board-change"]').click();
    await c.locator('[data-testid="qchange-action-transfer"]').click();
    await c.locator('[data-testid="qchange-to-hospital"]').click();
    await c.locator('[data-testid="qchange-submit"]').click();
    await expect.poll(() => c.count()).toBe(0);
    const transferred = await quarantineOf('板丙');
    expect(transferred.status).toBe('transferred');
    expect(transferred.transferredTo).toBe('hospital');
    await app.shot('quarantine-board-after-changes', { top: true });
  });
});
