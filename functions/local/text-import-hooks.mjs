/**
 * Node module hooks for the local runtime (tsx): `import text from './x.csv?raw'` yields the file's
 * text as the default export, as esbuild's text loader does in the Lambda bundle and vite does in tests.
 * Registered by text-imports.ts; plain JavaScript because hooks run on their own loader thread.
 */
import { readFile } from 'node:fs/promises';

export async function load(url, context, nextLoad) {
  const target = new URL(url);
  if (target.protocol !== 'file:' || target.search !== '?raw') return nextLoad(url, context);
  target.search = '';
  const text = await readFile(target, 'utf8');
  return { format: 'module', source: `export default ${JSON.stringify(text)};`, shortCircuit: true };
}
