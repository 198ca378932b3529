import { defineConfig } from 'vitest/config';

/**
 * `npm test`: unit tests of every package, the infra template tests, the API tests over HTTP
 * against the local stack (DynamoDB Local, fake WeChat), and the mini program's unit tests (jsdom). Browser tests have their own config
 * (test/browser/vitest.config.ts) because they need the h5 build and Chromium.
 */
export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'unit',
          include: ['shared/test/**/*.test.ts', 'functions/test/**/*.test.ts', 'infra/test/**/*.test.ts'],
          testTimeout: 30_000,
          hookTimeout: 60_000,
        },
      },
      {
        test: {
          name: 'api',
          include: ['test/api/**/*.test.ts'],
          globalSetup: ['test/api/support/global-setup.ts'],
          testTimeout: 30_000,
          hookTimeout: 60_000,
        },
      },
      'miniprogram/vitest.config.ts',
    ],
  },
});
