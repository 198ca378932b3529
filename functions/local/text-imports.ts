/**
 * Lets the local runtime import data files as text (`…/x.csv?raw`, see functions/src/contexts/hierarchy/regions).
 * Call before the first dynamic import of a handler or consumer module: Node links a module's static
 * imports before running it, so the hook must be in place when the module graph that needs it is loaded.
 */
import { register } from 'node:module';

let registered = false;

export function registerTextImports(): void {
  if (registered) return;
  registered = true;
  register('./text-import-hooks.mjs', import.meta.url);
}
