import { createRequire } from 'node:module';
import { dirname } from 'node:path';

// babel-preset-taro options: https://docs.taro.zone/docs/next/babel-config
// With compiler 'vite', esbuild strips TypeScript and @vitejs/plugin-react compiles JSX; Taro only
// runs this config over our own sources afterwards (h5 API tree-shaking, weapp page configs).
// babel-preset-taro 4.2.0 requires its optional peer @babel/preset-react for framework 'react'
// even under vite (an operator-precedence slip), so until that package is installed the preset
// is left out and the builds still work; they also pass with it (checked against a stub).
const presetDir = dirname(createRequire(import.meta.url).resolve('babel-preset-taro'));
const hasPresetReact = (() => {
  try {
    createRequire(`${presetDir}/`).resolve('@babel/preset-react');
    return true;
  } catch {
    return false;
  }
})();

export default {
  presets: hasPresetReact ? [['taro', { framework: 'react', ts: true, compiler: 'vite' }]] : [],
};
