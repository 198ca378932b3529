import { APP_PACKAGES } from '@grid/shared/pages';
import { zh } from './i18n/zh';

export default defineAppConfig({
  // Main package: sign-in and the role-aware home only; each role's screens are a subpackage.
  // The page list lives in shared/ so the backend's push messages can only name pages that exist.
  pages: [...APP_PACKAGES.main],
  subPackages: APP_PACKAGES.subPackages.map((s) => ({ root: s.root, pages: [...s.pages] })),
  window: {
    backgroundTextStyle: 'light',
    navigationBarBackgroundColor: '#fff',
    navigationBarTitleText: zh.appName,
    navigationBarTextStyle: 'black',
  },
});
