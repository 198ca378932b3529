/**
 * The WeChat secret goes only to entries flagged `usesWeChat` in the manifest. Locally every
 * handler gets WeChat settings, so a missing flag shows only in AWS (calls with AppID "unset");
 * this checks the flags against the code: an entry whose handler reaches the WeChat adapter
 * must be flagged, and a flagged one must reach it.
 */
import { manifest } from '@grid/functions/manifest/index';
import { handlerModule } from '@grid/functions/manifest/route';
import { build } from 'esbuild';
import { describe, expect, it } from 'vitest';
import { BUNDLE_LOADERS } from '../lib/bundle';
import { usesWeChat } from '../lib/function-groups';
import { REPO_ROOT } from './support';

const WECHAT_ADAPTER = 'functions/src/lib/wechat/index.ts';

describe('usesWeChat flags match the code', () => {
  const entries = [
    ...manifest.routes.map((r) => ({ name: r.operationId, handler: r.handler, flagged: usesWeChat(r) })),
    ...manifest.streamConsumers.map((c) => ({ name: c.name, handler: c.handler, flagged: usesWeChat(c) })),
    ...manifest.schedules.map((s) => ({ name: s.name, handler: s.handler, flagged: usesWeChat(s) })),
  ];

  it('flags exactly the entries whose handler reaches the WeChat adapter', async () => {
    const handlers = [...new Set(entries.map((e) => e.handler))];
    const result = await build({
      absWorkingDir: REPO_ROOT,
      loader: { ...BUNDLE_LOADERS },
      entryPoints: Object.fromEntries(handlers.map((h) => [h, `./functions/src/${handlerModule(h)}.ts`])),
      bundle: true,
      packages: 'external',
      platform: 'node',
      format: 'esm',
      outdir: 'cdk.out/wechat-graph',
      write: false,
      metafile: true,
      logLevel: 'silent',
    });
    const reaches = new Map<string, boolean>();
    for (const [file, output] of Object.entries(result.metafile.outputs)) {
      if (!output.entryPoint) continue;
      const handler = file.replace(/^cdk\.out\/wechat-graph\//, '').replace(/\.js$/, '');
      reaches.set(handler, Object.keys(output.inputs).includes(WECHAT_ADAPTER));
    }
    expect(reaches.size).toBe(handlers.length);
    const mismatched = entries
      .filter((e) => reaches.get(e.handler) !== e.flagged)
      .map(
        (e) =>
          `${e.name} (${e.handler}): ${e.flagged ? 'flagged but never calls WeChat' : 'calls WeChat, not flagged'}`,
      );
    expect(mismatched).toEqual([]);
  });
});
