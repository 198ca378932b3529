// @vitest-environment node
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { checkWeapp } from '../scripts/check-weapp.mjs';

// A minimal weapp: one main page and one subpackage page, as Taro lays them out.
function makeApp(): string {
  const dir = mkdtempSync(join(tmpdir(), 'weapp-check-'));
  const write = (path: string, text: string) => {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), text);
  };
  write(
    'app.json',
    JSON.stringify({
      pages: ['pages/index/index'],
      subPackages: [{ root: 'resident', pages: ['pages/checkin/index'] }],
    }),
  );
  write('app.js', 'App({})');
  write('app.wxss', '.page { color: #333; font-size: 32rpx; }');
  for (const page of ['pages/index/index', 'resident/pages/checkin/index']) {
    write(`${page}.js`, 'Page({})');
    write(`${page}.json`, '{}');
    write(
      `${page}.wxml`,
      '<view class="page"><text>{{title}}</text><button bindtap="go">打卡</button></view>',
    );
    write(`${page}.wxss`, '.page { padding: 24rpx; }');
  }
  return dir;
}

const dirs: string[] = [];
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});
const app = () => {
  const d = makeApp();
  dirs.push(d);
  return d;
};

describe('checkWeapp', () => {
  it('accepts complete pages whose WXML and WXSS compile, and measures the packages', () => {
    const dir = app();
    const report = checkWeapp(dir);
    expect(report.problems).toEqual([]);
    expect(report.pages).toEqual(['pages/index/index', 'resident/pages/checkin/index']);
    expect(report.sizes.subpackages.resident).toBeGreaterThan(0);
    expect(report.sizes.main + report.sizes.subpackages.resident!).toBe(report.sizes.total);
  });

  it('names a page that lacks a file', () => {
    const dir = app();
    rmSync(join(dir, 'resident/pages/checkin/index.json'));
    expect(checkWeapp(dir).problems).toEqual(['resident/pages/checkin/index.json is missing']);
  });

  it('reports what wcc refuses in WXML', () => {
    const dir = app();
    writeFileSync(join(dir, 'pages/index/index.wxml'), '<view><text>broken</view>');
    const problems = checkWeapp(dir).problems;
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(/^wcc: .*pages\/index\/index\.wxml.*expect end-tag `text`/s);
  });

  it('fails a main package over 2 MB', () => {
    const dir = app();
    writeFileSync(join(dir, 'big.js'), 'x'.repeat(2 * 1024 * 1024 + 1));
    expect(checkWeapp(dir).problems).toEqual([
      expect.stringMatching(/^main package is \d+ bytes, over 2 MB$/),
    ]);
  });
});
