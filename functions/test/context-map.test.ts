import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { normalizedMap, renderContextMap, withContextMap } from '../scripts/context-map';
import { manifest } from '../src/manifest';

describe('the context map in docs/architecture.md', () => {
  it('is generated from the current manifest and entity modules (run npm run docs:map)', () => {
    const committed = readFileSync(new URL('../../docs/architecture.md', import.meta.url), 'utf8');
    expect(normalizedMap(withContextMap(committed))).toBe(normalizedMap(committed));
    // Every route appears under its context.
    const map = renderContextMap();
    for (const route of manifest.routes) expect(map).toContain(`\`${route.method} ${route.path}\``);
  });
});
