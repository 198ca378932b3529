/**
 * Compiles the mini program's SCSS with Dart Sass's modern compiler API. Vite 4.5 (the one Taro
 * 4.2's vite runner takes) knows only the legacy JS API, deprecated and printing a warning for every
 * stylesheet; the `api: 'modern-compiler'` option arrived in Vite 5.4. So this plugin, ahead of
 * Vite's own CSS handling, resolves `x.scss` to `x.scss.sass-modern.css`, compiles the SCSS itself
 * with `compileAsync`, and hands Vite plain CSS (PostCSS, pxtransform and bundling as before).
 */
import { fileURLToPath } from 'node:url';

const SUFFIX = '.sass-modern.css';

interface PluginContext {
  resolve(
    source: string,
    importer: string | undefined,
    options: { skipSelf: boolean },
  ): Promise<{ id: string } | null>;
  addWatchFile(file: string): void;
}

interface Sass {
  compileAsync(file: string, options: { style: 'expanded' }): Promise<{ css: string; loadedUrls: URL[] }>;
}

export function sassModernCompiler() {
  return {
    name: 'grid:sass-modern-compiler',
    enforce: 'pre' as const,
    async resolveId(this: PluginContext, source: string, importer: string | undefined) {
      if (!/\.scss$/.test(source)) return null;
      const resolved = await this.resolve(source, importer, { skipSelf: true });
      return resolved ? `${resolved.id}${SUFFIX}` : null;
    },
    async load(this: PluginContext, id: string) {
      if (!id.endsWith(SUFFIX)) return null;
      // Taro loads the config as CommonJS. sass is the one Vite's own SCSS support loads (in the
      // lockfile through @tarojs/runner-utils and Vite's optional peer).
      const sass = require('sass') as Sass;
      const result = await sass.compileAsync(id.slice(0, -SUFFIX.length), { style: 'expanded' });
      for (const url of result.loadedUrls)
        if (url.protocol === 'file:') this.addWatchFile(fileURLToPath(url));
      return result.css;
    },
  };
}
