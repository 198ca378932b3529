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

/** Answers POST /v1/auth/wechat like the real API would for a gridworker, with CORS. */
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
        res.end(JSON.stringify({ token: 't', user: { name: '网格员 1', role: 'gridworker' } }));
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

  it('logs in as a demo gridworker against the API given by ?api=', async () => {
    if (!web || !api) throw new Error('servers did not start');
    await page.goto(`${web.url}/?api=${encodeURIComponent(api.url)}#/pages/index/index`);

    const status = page.locator('[data-testid="login-status"]');
    await expect.poll(() => status.textContent()).toBe('未登录');

    await page.locator('[data-testid="demo-login-demo-gw1"]').click();
    await expect.poll(() => status.textContent()).toBe('已登录：网格员 1 (gridworker)');

    expect(api.loginBodies).toEqual([{ code: 'test:demo-gw1' }]);
    // Taro's h5 storage wraps each value as {"data": value}.
    const storage = await page.evaluate('[localStorage.getItem("token"), localStorage.getItem("apiBase")]');
    expect(storage).toEqual([JSON.stringify({ data: 't' }), api.url]);

    await mkdir(resolve(screenshotPath, '..'), { recursive: true });
    await page.screenshot({ path: screenshotPath, fullPage: true });
  });
});
