import { zh } from './i18n/zh';

export default defineAppConfig({
  // Main package: sign-in and the role-aware home only; each role's screens are a subpackage.
  pages: ['pages/index/index', 'pages/home/index'],
  subPackages: [
    {
      root: 'resident',
      pages: [
        'pages/checkin/index',
        'pages/travel/index',
        'pages/family/index',
        'pages/member/index',
        'pages/register/index',
        'pages/supply/index',
        'pages/supply-new/index',
        'pages/messages/index',
      ],
    },
    {
      // The supply queue is here too: volunteers open it from their home.
      root: 'gridworker',
      pages: [
        'pages/pending/index',
        'pages/register/index',
        'pages/quarantine/index',
        'pages/alerts/index',
        'pages/supply/index',
        'pages/tasks/index',
        'pages/notices/index',
      ],
    },
    { root: 'centre', pages: ['pages/home/index'] },
  ],
  window: {
    backgroundTextStyle: 'light',
    navigationBarBackgroundColor: '#fff',
    navigationBarTitleText: zh.appName,
    navigationBarTextStyle: 'black',
  },
});
