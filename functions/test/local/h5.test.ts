/**
 * When `npm start` rebuilds the h5 app (issue 16 item 6): the API address is compiled into the
 * bundle, so a bundle made for another address (another API_PORT) is rebuilt, as are missing or
 * stale ones; a current one is served as it is.
 */
import { mkdirSync, mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { rebuildReason } from '../../local/h5';

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

/** sources/ written an hour ago, dist/ built now with `api` compiled in. */
function layout(api: string | null) {
  const root = mkdtempSync(join(tmpdir(), 'grid-h5-'));
  dirs.push(root);
  const sources = join(root, 'src');
  const dist = join(root, 'dist-h5');
  mkdirSync(sources);
  writeFileSync(join(sources, 'app.ts'), 'export {};');
  const hourAgo = new Date(Date.now() - 3_600_000);
  utimesSync(join(sources, 'app.ts'), hourAgo, hourAgo);
  if (api !== null) {
    mkdirSync(join(dist, 'js'), { recursive: true });
    writeFileSync(join(dist, 'index.html'), '<html></html>');
    writeFileSync(join(dist, 'js', 'common.js'), `const API_BASE="${api}";`);
  }
  return { sources, dist };
}

describe('rebuilding the h5 app', () => {
  it('serves a current build made for this API address', () => {
    const { sources, dist } = layout('http://127.0.0.1:3000');
    expect(rebuildReason(dist, sources, 'http://127.0.0.1:3000')).toBeUndefined();
  });

  it('rebuilds a bundle that calls another API address', () => {
    const { sources, dist } = layout('http://127.0.0.1:3000');
    expect(rebuildReason(dist, sources, 'http://127.0.0.1:3100')).toMatch(
      /built for http:\/\/127.0.0.1:3000/,
    );
    // What npm start wrote after its own build wins over what the bundle seems to name.
    writeFileSync(join(dist, '.api-base'), 'http://127.0.0.1:3100');
    expect(rebuildReason(dist, sources, 'http://127.0.0.1:3100')).toBeUndefined();
  });

  it('builds a missing app, and rebuilds when the sources are newer', () => {
    const missing = layout(null);
    expect(rebuildReason(missing.dist, missing.sources, 'http://127.0.0.1:3000')).toBe('not built yet');
    const stale = layout('http://127.0.0.1:3000');
    writeFileSync(join(stale.sources, 'app.ts'), 'export const changed = true;');
    const later = new Date(Date.now() + 60_000);
    utimesSync(join(stale.sources, 'app.ts'), later, later);
    expect(rebuildReason(stale.dist, stale.sources, 'http://127.0.0.1:3000')).toBe('sources changed');
  });
});
