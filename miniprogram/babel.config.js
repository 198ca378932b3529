// babel-preset-taro options: https://docs.taro.zone/docs/next/babel-config
// With compiler 'vite', esbuild strips TypeScript and @vitejs/plugin-react compiles JSX; Taro runs
// this config over our own sources afterwards (h5 API tree-shaking, weapp page configs).
// babel-preset-taro 4.2.0 needs its optional peer @babel/preset-react for framework 'react' even
// under vite, so miniprogram/package.json lists it.
export default {
  presets: [['taro', { framework: 'react', ts: true, compiler: 'vite' }]],
};
