import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { renderApiDoc } from '../scripts/api-doc';
import { manifest } from '../src/manifest';

describe('docs/api.md', () => {
  it('is generated from the current manifest (run npm run docs:api)', () => {
    const committed = readFileSync(new URL('../../docs/api.md', import.meta.url), 'utf8');
    expect(committed).toBe(renderApiDoc());
    for (const route of manifest.routes) expect(committed).toContain(`${route.method} ${route.path}`);
  });
});
