import { defineConfig, type UserConfigExport } from '@tarojs/cli';
import devConfig from './dev';
import prodConfig from './prod';
import { sassModernCompiler } from './sass-modern';

// https://docs.taro.zone/docs/next/config#defineconfig-辅助函数
export default defineConfig<'vite'>(async (merge) => {
  const isH5 = process.env.TARO_ENV === 'h5';
  const baseConfig: UserConfigExport<'vite'> = {
    projectName: 'grid-epidemic-miniprogram',
    date: '2025-1-1',
    designWidth: 750,
    deviceRatio: {
      640: 2.34 / 2,
      750: 1,
      375: 2,
      828: 1.81 / 2,
    },
    sourceRoot: 'src',
    alias: {
      // npm nests this plugin under miniprogram/node_modules (its vite 4 peer clashes with the root's
      // vite 8) while @tarojs/plugin-platform-h5, hoisted to the root, imports its runtime by bare name.
      // Taro loads this file as CommonJS, so require.resolve finds it wherever npm puts it.
      '@tarojs/plugin-framework-react/dist/runtime': require.resolve(
        '@tarojs/plugin-framework-react/dist/runtime',
      ),
    },
    // Separate folders so a weapp build never wipes the h5 bundle the browser tests serve.
    outputRoot: isH5 ? 'dist-h5' : 'dist',
    plugins: [],
    defineConstants: {},
    copy: { patterns: [], options: {} },
    framework: 'react',
    // SCSS through Dart Sass's modern compiler API (config/sass-modern.ts): Vite 4.5 has only the legacy one.
    compiler: { type: 'vite', vitePlugins: [sassModernCompiler()] },
    // Taro's default escapes every non-ASCII character (\uXXXX, 6 bytes for a 3-byte character): the
    // Chinese strings and the region picker's data would nearly double. WeChat reads UTF-8 sources.
    terser: { enable: true, config: { output: { ascii_only: false } } },
    mini: {
      postcss: {
        pxtransform: { enable: true, config: {} },
        cssModules: {
          enable: false,
          config: { namingPattern: 'module', generateScopedName: '[name]__[local]___[hash:base64:5]' },
        },
      },
    },
    h5: {
      publicPath: '/',
      staticDirectory: 'static',
      router: { mode: 'hash' },
      miniCssExtractPluginOption: {
        ignoreOrder: true,
        filename: 'css/[name].[hash].css',
        chunkFilename: 'css/[name].[chunkhash].css',
      },
      postcss: {
        autoprefixer: { enable: true, config: {} },
        cssModules: {
          enable: false,
          config: { namingPattern: 'module', generateScopedName: '[name]__[local]___[hash:base64:5]' },
        },
      },
    },
  };

  if (process.env.NODE_ENV === 'development') {
    return merge({}, baseConfig, devConfig);
  }
  return merge({}, baseConfig, prodConfig);
});
