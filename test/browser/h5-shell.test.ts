import { existsSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { resolve } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type LaunchedBrowser, launchBrowser } from '../support/browser';
import { type StaticServer, serveStatic } from '../support/static-server';

const repoRoot = resolve(import.meta.dirname, '../..');
const distH5 = resolve(repoRoot, 'miniprogram/dist-h5');
const screenshotPath = resolve(repoRoot, 'test-results/h5-shell.png');

interface FakeApi {
  url: string;
  loginBodies: unknown[];
  close(): Promise<void>;
}

const loginResponse = {
  token: 't',
  expiresAt: '2030-01-01T00:00:00.000Z',
  user: {
    userId: '01HZZZZZZZZZZZZZZZZZZZZZZZ',
    role: 'centre',
    name: '文汇街道网格中心',
    scopes: ['370502001'],
    householdId: null,
    personId: null,
    phoneMasked: null,
  },
};

/** Answers POST /v1/auth/wechat like the real API would for a centre user, with CORS. */
async function startFakeApi(): Promise<FakeApi> {
  const loginBodies: unknown[] = [];
  const server: Server = createServer((req, res) => {
    res.setHeader('access-control-allow-origin', '*');
    if (req.method === 'OPTIONS') {
      res.setHeader('access-control-allow-methods', 'GET, POST, PUT, DELETE, OPTIONS');
      res.setHeader('access-control-allow-headers', 'content-type, authorization');
      res.writeHead(204).end();
      return;
    }
    if (req.method === 'POST' && req.url === '/v1/auth/wechat') {
      const chunks: Buffer[] = [];
      req.on('data', (chunk: Buffer) => chunks.push(chunk));
      req.on('end', () => {
        loginBodies.push(JSON.parse(Buffer.concat(chunks).toString('utf8')));
        res.writeHead(200, { 'content-type': 'application/json; charset=utf-8' });
        res.end(JSON.stringify(loginResponse));
      });
      return;
    }
    res.writeHead(404).end();
  });
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    loginBodies,
    close: () =>
      new Promise<void>((done, fail) => {
        server.close((error) => (error ? fail(error) : done()));
        server.closeAllConnections();
      }),
  };
}

describe('h5 shell in Chromium', () => {
  let web: StaticServer | undefined;
  let api: FakeApi | undefined;
  let browser: LaunchedBrowser | undefined;
  let page: Page;

  beforeAll(async () => {
    if (!existsSync(resolve(distH5, 'index.html'))) {
      throw new Error(`${distH5}/index.html is missing: run \`npm run build:h5 -w miniprogram\` first`);
    }
    web = await serveStatic(distH5);
    api = await startFakeApi();
    browser = await launchBrowser();
    page = await browser.context.newPage();
  });

  afterAll(async () => {
    await browser?.close();
    await api?.close();
    await web?.close();
  });

  it('logs in as a demo identity against the API given by ?api= and opens the role home', async () => {
    if (!web || !api) throw new Error('servers did not start');
    await page.goto(`${web.url}/?api=${encodeURIComponent(api.url)}#/pages/index/index`);

    const status = page.locator('[data-testid="login-status"]');
    await expect.poll(() => status.textContent()).toBe('未登录');

    await page.locator('[data-testid="demo-login-demo-street"]').click();
    const hello = page.locator('[data-testid="home-hello"]');
    await expect.poll(() => hello.textContent()).toBe('您好，文汇街道网格中心');
    expect(await page.locator('[data-testid="home-role"]').textContent()).toBe('网格中心');

    expect(api.loginBodies).toEqual([{ code: 'test:demo-street' }]);
    // Taro's h5 storage wraps each value as {"data": value}.
    const storage = (await page.evaluate(
      '[JSON.parse(localStorage.getItem("session")).data.token, localStorage.getItem("apiBase")]',
    )) as unknown[];
    expect(storage).toEqual(['t', api.url]);

    await mkdir(resolve(screenshotPath, '..'), { recursive: true });
    await page.screenshot({ path: screenshotPath, fullPage: true });
  });
});
