/**
 * Checks the weapp build (dist/) without WeChat DevTools: every page of app.json (subpackages
 * included) has its .js/.wxml/.json, WeChat's own compilers (wcc, wcsc from miniprogram-compiler)
 * accept every WXML and WXSS file, and the packages fit WeChat's limits (2 MB main and per
 * subpackage, 20 MB in all). `node scripts/check-weapp.mjs [distDir]`; exits 1 on any problem.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import compiler from 'miniprogram-compiler';

export const PACKAGE_LIMIT_BYTES = 2 * 1024 * 1024;
export const TOTAL_LIMIT_BYTES = 20 * 1024 * 1024;
const COMPILER_BUFFER = 64 * 1024 * 1024;

function filesUnder(dir) {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => relative(dir, join(e.parentPath, e.name)).split(sep).join('/'));
}

/** The compilers emit code for WeChat's webview; shadow the browser globals it touches. */
function runInFakeWebview(code) {
  const fakeWindow = { screen: { width: 375 }, devicePixelRatio: 2 };
  const fakeNavigator = { userAgent: 'iPhone' };
  return new Function('global', 'window', 'navigator', code)({}, fakeWindow, fakeNavigator);
}

/**
 * @param {string} distDir
 * @returns {{ problems: string[], pages: string[], sizes: { main: number, total: number, subpackages: Record<string, number> } }}
 */
export function checkWeapp(distDir) {
  const problems = [];
  const appJsonPath = join(distDir, 'app.json');
  if (!existsSync(appJsonPath)) {
    return {
      problems: [`${appJsonPath} is missing: run npm run build:weapp -w miniprogram`],
      pages: [],
      sizes: { main: 0, total: 0, subpackages: {} },
    };
  }
  const app = JSON.parse(readFileSync(appJsonPath, 'utf8'));
  const subpackages = app.subPackages ?? app.subpackages ?? [];
  const pages = [...app.pages, ...subpackages.flatMap((s) => s.pages.map((p) => `${s.root}/${p}`))];
  for (const page of pages) {
    for (const ext of ['js', 'wxml', 'json']) {
      if (!existsSync(join(distDir, `${page}.${ext}`))) problems.push(`${page}.${ext} is missing`);
    }
  }
  for (const file of ['app.js', 'app.wxss']) {
    if (!existsSync(join(distDir, file))) problems.push(`${file} is missing`);
  }

  const files = filesUnder(distDir);
  const wxml = files.filter((f) => f.endsWith('.wxml')).map((f) => f.slice(0, -'.wxml'.length));
  const wxss = files.filter((f) => f.endsWith('.wxss')).map((f) => f.slice(0, -'.wxss'.length));
  try {
    const code = compiler.wxmlToJs(distDir, {
      wxmlList: wxml.map((f) => `${f}.wxml`),
      maxBuffer: COMPILER_BUFFER,
    });
    // Running wcc's output proves every page template can be instantiated.
    const $gwx = runInFakeWebview(code);
    for (const page of pages) {
      if (typeof $gwx(`${page}.wxml`) !== 'function')
        problems.push(`wcc produced no template for ${page}.wxml`);
    }
  } catch (error) {
    problems.push(`wcc: ${error instanceof Error ? error.message : String(error)}`);
  }
  // wcsc's wrapper returns (not throws) an Error; its output injects <style> tags, so it is not run.
  try {
    const result = compiler.wxssToJs(distDir, {
      wxssList: wxss.map((f) => `${f}.wxss`),
      maxBuffer: COMPILER_BUFFER,
    });
    if (result instanceof Error) problems.push(`wcsc: ${result.message}`);
  } catch (error) {
    problems.push(`wcsc: ${error instanceof Error ? error.message : String(error)}`);
  }

  const roots = subpackages.map((s) => s.root.replace(/\/?$/, '/'));
  const sizes = { main: 0, total: 0, subpackages: Object.fromEntries(subpackages.map((s) => [s.root, 0])) };
  for (const file of files) {
    // DevTools uploads neither project settings nor source maps.
    if (file === 'project.config.json' || file.endsWith('.map')) continue;
    const size = statSync(join(distDir, file)).size;
    sizes.total += size;
    const root = roots.find((r) => file.startsWith(r));
    if (root) sizes.subpackages[root.slice(0, -1)] += size;
    else sizes.main += size;
  }
  if (sizes.main > PACKAGE_LIMIT_BYTES) problems.push(`main package is ${sizes.main} bytes, over 2 MB`);
  for (const [root, size] of Object.entries(sizes.subpackages)) {
    if (size > PACKAGE_LIMIT_BYTES) problems.push(`subpackage ${root} is ${size} bytes, over 2 MB`);
  }
  if (sizes.total > TOTAL_LIMIT_BYTES) problems.push(`all packages are ${sizes.total} bytes, over 20 MB`);
  return { problems, pages, sizes };
}

const kb = (n) => `${(n / 1024).toFixed(1)} KB`;

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const distDir = process.argv[2] ?? fileURLToPath(new URL('../dist', import.meta.url));
  const { problems, pages, sizes } = checkWeapp(distDir);
  console.log(`weapp check of ${distDir}: ${pages.length} pages`);
  console.log(`  main package  ${kb(sizes.main)}`);
  for (const [root, size] of Object.entries(sizes.subpackages))
    console.log(`  ${root.padEnd(13)} ${kb(size)}`);
  console.log(`  total         ${kb(sizes.total)}\n`);
  for (const p of problems) console.error(`  ✗ ${p}`);
  if (problems.length > 0) process.exit(1);
  console.log('  ✓ every page complete; WXML and WXSS compile; within size limits');
}
