/**
 * How a deployed function is bundled: one esbuild configuration, used by the CDK asset of every
 * function (ManifestFunction) and by the benchmark that measures their module load, so what is
 * measured is what is deployed.
 *
 * Code splitting (ESM, one `index.mjs` plus chunk files) is the point: a dynamic `import()` —
 * exceljs for the Excel reports and imports, pdf-lib and the font for the paper pass, the KMS
 * client, the SDK's own lazily loaded credential providers — becomes a chunk that Lambda reads
 * only when that code path runs, instead of being parsed at every cold start as part of one file.
 */
import { copyFileSync, readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { BuildOptions } from 'esbuild';

const REPO_ROOT = fileURLToPath(new URL('../../', import.meta.url));
const FUNCTIONS_SRC = join(REPO_ROOT, 'functions/src');

/** ESM bundles: esbuild turns `require` in CommonJS dependencies into __require, which needs a real require. */
export const ESM_REQUIRE_BANNER =
  "import { createRequire as __gridCreateRequire } from 'node:module'; const require = __gridCreateRequire(import.meta.url);";

/**
 * esbuild loaders every bundle of functions/src needs: data/regions/*.csv is imported as text (`?raw`)
 * by functions/src/contexts/hierarchy/regions. Tests and the bench that bundle handlers use it too.
 */
export const BUNDLE_LOADERS: Readonly<Record<string, 'text'>> = { '.csv': 'text' };

/** The file Lambda loads: handler `index.handler`. */
export const BUNDLE_ENTRY_FILE = 'index.mjs';

/**
 * The esbuild options for one function: its generated entry (router, reader or schedule entry)
 * into `outdir`. The AWS SDK is bundled, not taken from the Lambda runtime: the version tested
 * here is the one that runs, in every region (docs/deploy.md).
 */
export function functionBuildOptions(entry: string, outdir: string): BuildOptions {
  return {
    absWorkingDir: REPO_ROOT,
    entryPoints: { index: entry },
    outdir,
    outExtension: { '.js': '.mjs' },
    // Beside index.mjs, not in a folder: a chunk that reads a bundled file (the pass font) finds it
    // next to itself through import.meta.url, as the source does.
    chunkNames: '[name]-[hash]',
    bundle: true,
    splitting: true,
    format: 'esm',
    platform: 'node',
    target: 'node22',
    mainFields: ['module', 'main'],
    banner: { js: ESM_REQUIRE_BANNER },
    minify: true,
    sourcemap: true,
    sourcesContent: false,
    tsconfig: join(REPO_ROOT, 'functions/tsconfig.json'),
    loader: { ...BUNDLE_LOADERS },
    logLevel: 'warning',
  };
}

/** Files under functions/src the code reads at run time (a route's `bundledFiles`), copied beside the bundle. */
export function copyBundledFiles(files: readonly string[], outdir: string): void {
  for (const file of files) copyFileSync(join(FUNCTIONS_SRC, file), join(outdir, basename(file)));
}

/**
 * The files of a bundle folder that a cold start reads: index.mjs and the chunks it imports
 * statically, transitively (esbuild writes them as `import{…}from"./x.mjs"` or `import"./x.mjs"`).
 * Chunks reached only through a dynamic import() are left out: they load when their code runs.
 */
export function coldStartFiles(dir: string, file = BUNDLE_ENTRY_FILE, seen = new Set<string>()): Set<string> {
  if (seen.has(file)) return seen;
  seen.add(file);
  const code = readFileSync(join(dir, file), 'utf8');
  for (const m of code.matchAll(/(?:^|[;}\n])\s*import\s*(?:[^'"();]*?from\s*)?["']\.\/([^"']+\.mjs)["']/g))
    coldStartFiles(dir, m[1]!, seen);
  return seen;
}
