/**
 * Key prefixes ('HH#', `PERSON#${id}`…) are written only by the entity module that owns the item
 * (functions/src/contexts/<context>/entities/): use cases, handlers, consumers and plumbing go
 * through its key functions, so an item's keys have one definition and one place to change.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const SRC = fileURLToPath(new URL('../src/', import.meta.url));
/** A string or template literal that starts with an upper-case key prefix and a '#'. */
const KEY_PREFIX = /['"`][A-Z][A-Z0-9_]*#/;

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((d) =>
    d.isDirectory() ? sourceFiles(join(dir, d.name)) : d.name.endsWith('.ts') ? [join(dir, d.name)] : [],
  );
}

/** Code without comments: a prefix named in a comment documents a key, it does not write one. */
function withoutComments(text: string): string {
  return text.replace(/\/\*[\s\S]*?\*\//g, '').replace(/^\s*\/\/.*$/gm, '');
}

const isEntityModule = (file: string) => /^contexts\/[^/]+\/entities\//.test(relative(SRC, file));

describe('key prefixes', () => {
  it('appear only in entity modules', () => {
    const offenders = sourceFiles(SRC)
      .filter((f) => !isEntityModule(f))
      .flatMap((f) =>
        withoutComments(readFileSync(f, 'utf8'))
          .split('\n')
          .filter((line) => KEY_PREFIX.test(line))
          .map((line) => `${relative(SRC, f)}: ${line.trim()}`),
      );
    expect(offenders).toEqual([]);
  });

  it('the check finds a prefix written outside an entity module', () => {
    expect(KEY_PREFIX.test('const key = { pk: `HH#` + id };')).toBe(true);
    expect(KEY_PREFIX.test("sk: 'SR#' + seq")).toBe(true);
    expect(KEY_PREFIX.test("const tag = '#hashtag';")).toBe(false);
  });
});
