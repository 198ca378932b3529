import { zhResident } from '../../../i18n/zh-resident';

export default definePageConfig({
  navigationBarTitleText: zhResident.privacy.accessLog,
});
