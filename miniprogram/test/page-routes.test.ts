// @vitest-environment node
/**
 * Every page the backend can name in a WeChat subscribe message exists: in the shared page list,
 * in the app config Taro builds from, in the weapp build's app.json, and as a page source. A push
 * message that names a missing page lands the user on WeChat's "page not found".
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { ALL_PAGES, NOTIFICATION_PAGES } from '@grid/shared/pages';
import { beforeAll, describe, expect, it } from 'vitest';

const here = resolve(import.meta.dirname, '..');
const repo = resolve(here, '..');
const distApp = join(here, 'dist/app.json');

interface AppJson {
  pages: string[];
  subPackages?: { root: string; pages: string[] }[];
}
const pagesOf = (app: AppJson) => [
  ...app.pages,
  ...(app.subPackages ?? []).flatMap((s) => s.pages.map((p) => `${s.root}/${p}`)),
];

async function appConfig(): Promise<AppJson> {
  // Taro provides defineAppConfig as a global at build time.
  (globalThis as { defineAppConfig?: (c: AppJson) => AppJson }).defineAppConfig = (c) => c;
  return (await import('../src/app.config')).default as AppJson;
}

/** Every `'…pages/…/index'` string literal in the backend's sources. */
function backendPageLiterals(): string[] {
  const dir = join(repo, 'functions/src');
  const found: string[] = [];
  for (const file of readdirSync(dir, { recursive: true }) as string[]) {
    if (!file.endsWith('.ts')) continue;
    const text = readFileSync(join(dir, file), 'utf8');
    for (const m of text.matchAll(/['"`]\/?[\w/-]*pages\/[\w/-]+\/index['"`?]/g)) found.push(m[0]);
  }
  return found;
}

describe('page routes', () => {
  beforeAll(() => {
    // CI builds the weapp before the tests; a fresh checkout builds it here (about 15 s).
    if (existsSync(distApp)) return;
    // Not under this runner's TARO_ENV=h5 / NODE_ENV=test: the build picks its own.
    const { TARO_ENV: _t, NODE_ENV: _n, ...env } = process.env;
    execFileSync('npm', ['run', 'build:weapp'], {
      cwd: here,
      env: env as NodeJS.ProcessEnv,
      stdio: 'ignore',
    });
  }, 180_000);

  it('app.config lists exactly the shared pages', async () => {
    expect(pagesOf(await appConfig())).toEqual([...ALL_PAGES]);
  });

  it('every page a message kind opens is in app.config, in the weapp app.json and has a source', async () => {
    const configured = pagesOf(await appConfig());
    const built = pagesOf(JSON.parse(readFileSync(distApp, 'utf8')) as AppJson);
    for (const [kind, page] of Object.entries(NOTIFICATION_PAGES)) {
      expect(configured, kind).toContain(page);
      expect(built, `${kind}: rebuild with npm run build:weapp -w miniprogram`).toContain(page);
      expect(existsSync(join(here, 'src', `${page}.tsx`)), `${kind}: src/${page}.tsx`).toBe(true);
    }
  });

  it('the weapp build has every shared page', () => {
    const built = pagesOf(JSON.parse(readFileSync(distApp, 'utf8')) as AppJson);
    expect(built.sort()).toEqual([...ALL_PAGES].sort());
  });

  it('the backend names no page as a string of its own (it uses NOTIFICATION_PAGES)', () => {
    expect(backendPageLiterals()).toEqual([]);
  });
});
