import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type StaticServer, serveStatic } from '../support/static-server';

/** fetch() normalises '..' out of URLs, so path-traversal requests go through node:http raw. */
function rawGet(url: string, path: string): Promise<{ status: number; body: string }> {
  return new Promise((resolveGet, reject) => {
    const req = request(`${url}${path}`, { method: 'GET', path }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () =>
        resolveGet({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }),
      );
    });
    req.on('error', reject);
    req.end();
  });
}

describe('serveStatic', () => {
  let parent: string;
  let server: StaticServer;

  beforeAll(async () => {
    parent = await mkdtemp(join(tmpdir(), 'static-server-'));
    const site = join(parent, 'site');
    await mkdir(join(site, 'js'), { recursive: true });
    await mkdir(join(site, 'docs'), { recursive: true });
    await writeFile(join(site, 'index.html'), '<!doctype html><title>网格</title>');
    await writeFile(join(site, 'js', 'app.1234.js'), 'console.log(1);');
    await writeFile(join(site, 'style.css'), 'body{}');
    await writeFile(join(site, 'docs', 'index.html'), 'docs');
    await writeFile(join(parent, 'secret.txt'), 'secret');
    server = await serveStatic(site);
  });

  afterAll(async () => {
    await server.close();
    await rm(parent, { recursive: true, force: true });
  });

  it('listens on a free 127.0.0.1 port', () => {
    expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(server.url.endsWith(':0')).toBe(false);
  });

  it('serves files with their content types', async () => {
    const html = await fetch(`${server.url}/`);
    expect(html.status).toBe(200);
    expect(html.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(await html.text()).toContain('网格');

    const js = await fetch(`${server.url}/js/app.1234.js`);
    expect(js.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    expect(await js.text()).toBe('console.log(1);');

    const css = await fetch(`${server.url}/style.css?v=2`);
    expect(css.headers.get('content-type')).toBe('text/css; charset=utf-8');
  });

  it('serves a directory index', async () => {
    const res = await fetch(`${server.url}/docs/`);
    expect(await res.text()).toBe('docs');
  });

  it('falls back to index.html for client-side routes but not for missing assets', async () => {
    const route = await fetch(`${server.url}/pages/index/index`);
    expect(route.status).toBe(200);
    expect(await route.text()).toContain('<title>网格</title>');

    const asset = await fetch(`${server.url}/js/missing.js`);
    expect(asset.status).toBe(404);
  });

  it('never serves files outside its directory', async () => {
    for (const path of ['/../secret.txt', '/%2e%2e/secret.txt', '/js/..%2f..%2fsecret.txt']) {
      const res = await rawGet(server.url, path);
      expect(res.body).not.toContain('secret');
      expect([403, 404]).toContain(res.status);
    }
  });

  it('answers HEAD without a body, rejects other methods and bad encodings', async () => {
    const head = await fetch(`${server.url}/style.css`, { method: 'HEAD' });
    expect(head.status).toBe(200);
    expect(head.headers.get('content-length')).toBe('6');
    expect(await head.text()).toBe('');

    const post = await fetch(`${server.url}/`, { method: 'POST' });
    expect(post.status).toBe(405);
    expect(post.headers.get('allow')).toBe('GET, HEAD');

    const bad = await rawGet(server.url, '/%E0%A4%A');
    expect(bad.status).toBe(400);
  });

  it('refuses a directory that does not exist', async () => {
    await expect(serveStatic(join(parent, 'nope'))).rejects.toThrow(/not a directory/);
  });
});
