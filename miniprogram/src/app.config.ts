import { zh } from './i18n/zh';

export default defineAppConfig({
  pages: ['pages/index/index'],
  window: {
    backgroundTextStyle: 'light',
    navigationBarBackgroundColor: '#fff',
    navigationBarTitleText: zh.appName,
    navigationBarTextStyle: 'black',
  },
});
