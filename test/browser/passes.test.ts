/**
 * The health pass in the h5 build (Chromium, the real local stack): a household's phone shows every
 * member's pass in its colour; a fever report revokes a member's pass and the screen, refreshed,
 * shows the re-issued red one; without signal the stored passes still show; the gridworker prints a
 * member's pass as a PDF. Screenshots of the pass screen and of the printed pass go to docs/screenshots.
 */
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { maskName, passQrSvg } from '@grid/shared/pass';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type H5App, openH5App, screenshots } from '../support/h5-app';
import { newResidentHousehold, type ResidentHousehold } from '../support/resident-household';
import { drainStreams } from '../support/staff';

describe('家庭通行码 and 打印通行证', () => {
  let app: H5App;
  let household: ResidentHousehold;

  beforeAll(async () => {
    household = await newResidentHousehold({ members: 2, tag: `pass-${Date.now().toString(36)}` });
    app = await openH5App();
  });

  afterAll(async () => {
    await app?.close();
  });

  const colourOf = async (i: number) => app.shown(`pass-${i}`).getAttribute('data-colour');

  it('shows each member’s pass in its colour, and the re-issued red one after a fever report', async () => {
    const { shown, page } = app;
    await app.signIn(household.openid, { other: true });
    await shown('tile-passes').click();
    await shown('pass-1').waitFor();
    for (const [i, member] of household.members.entries()) {
      expect(await colourOf(i)).toBe('green');
      expect(await shown(`pass-${i}-colour`).textContent()).toBe('绿码');
      expect(await shown(`pass-${i}-name`).textContent()).toBe(maskName(member.name));
      // The QR code is drawn (a broken image has no natural width) and is this member's pass.
      const qr = shown(`pass-${i}-qr`).locator('img');
      await expect
        .poll(() => qr.evaluate((img: unknown) => (img as { naturalWidth: number }).naturalWidth))
        .toBeGreaterThan(0);
    }
    await app.shot('pass-screen-green', { top: true });
    const before = (await household.resident('GET', '/v1/me/passes')).body.passes as Array<{
      passId: string;
      text: string;
    }>;
    // Each QR code holds that member's signed pass.
    for (const [i, pass] of before.entries()) {
      const src = await shown(`pass-${i}-qr`).locator('img').getAttribute('src');
      expect(src).toBe(`data:image/svg+xml;base64,${Buffer.from(passQrSvg(pass.text)).toString('base64')}`);
    }

    // A fever is reported for the first member: the stream revokes the pass at once.
    const report = await household.resident(
      'POST',
      `/v1/persons/${household.members[0]!.personId}/health-reports`,
      { temperature: 38.7 },
      { 'idempotency-key': `pass-fever-${Date.now()}` },
    );
    expect(report.status, JSON.stringify(report.body)).toBe(201);
    await drainStreams();
    const revoked = await household.gridworker('GET', '/v1/pass-revocations?limit=500');
    const revokedIds = (revoked.body.items as Array<{ passId: string }>).map((r) => r.passId);
    expect(revokedIds).toContain(before[0]!.passId);
    expect(revokedIds).not.toContain(before[1]!.passId);

    await shown('passes-refresh').click();
    await expect.poll(() => colourOf(0)).toBe('red');
    expect(await shown('pass-0-colour').textContent()).toBe('红码');
    expect(await colourOf(1)).toBe('green');
    const after = (await household.resident('GET', '/v1/me/passes')).body.passes as Array<{ passId: string }>;
    expect(after[0]!.passId).not.toBe(before[0]!.passId);
    expect(after[1]!.passId).toBe(before[1]!.passId);
    await app.shot('pass-screen-red', { top: true });

    // No signal: the stored passes still show, with when they were fetched.
    await page.context().setOffline(true);
    await shown('passes-refresh').click();
    await shown('pass-1').waitFor();
    expect(await colourOf(0)).toBe('red');
    await expect.poll(() => page.getByText('无网络，显示的是').count()).toBeGreaterThan(0);
    await page.context().setOffline(false);
  });

  it('lets the gridworker print a member’s pass as a PDF', async () => {
    const { shown, page } = app;
    await app.signIn('demo-gw1');
    const person = household.members[1]!;
    await page.goto(`${app.url}/#/gridworker/pages/pass/index?personId=${person.personId}`);
    await shown('print-pass').waitFor();
    expect(await shown('print-pass-name').textContent()).toBe(maskName(person.name));
    const [download] = await Promise.all([page.waitForEvent('download'), shown('print-pass-pdf').click()]);
    const file = join(tmpdir(), `pass-${Date.now()}.pdf`);
    await download.saveAs(file);
    const pdf = await readFile(file);
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
    await shown('print-pass-status').waitFor();
    await app.shot('pass-print-page', { top: true });
    // The printed page as a picture for the docs, where poppler is installed (it is not needed to pass).
    if (existsSync('/usr/bin/pdftoppm'))
      execFileSync('/usr/bin/pdftoppm', [
        '-r',
        '60',
        '-png',
        '-singlefile',
        file,
        resolve(screenshots, 'pass-printed'),
      ]);
    await rm(file, { force: true });
  });
});
