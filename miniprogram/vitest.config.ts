import { resolve } from 'node:path';
import { defineConfig } from 'vitest/config';

const here = import.meta.dirname;

// Unit tests of the mini program in jsdom, with @tarojs/taro and @tarojs/components replaced by
// small doubles (test/doubles/). The browser tests of the h5 build are in ../test/browser.
export default defineConfig({
  resolve: {
    alias: {
      '@tarojs/taro': resolve(here, 'test/doubles/taro.ts'),
      '@tarojs/components': resolve(here, 'test/doubles/components.tsx'),
    },
  },
  test: {
    name: 'miniprogram',
    root: here,
    include: ['test/**/*.test.{ts,tsx}'],
    environment: 'jsdom',
    env: { TARO_ENV: 'h5' },
    testTimeout: 15_000,
  },
});
