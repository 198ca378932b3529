import { resolve } from 'node:path';
import { defineConfig } from 'vitest/config';

// Browser tests only: `npx vitest run --config test/browser/vitest.config.ts` (needs a built dist-h5).
export default defineConfig({
  test: {
    root: resolve(import.meta.dirname, '../..'),
    include: ['test/browser/**/*.test.ts'],
    // The mini program's end-to-end tests run against the real local stack, started once.
    globalSetup: ['test/api/support/global-setup.ts'],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    // One Chromium at a time: these machines have 2 cores.
    fileParallelism: false,
  },
});
