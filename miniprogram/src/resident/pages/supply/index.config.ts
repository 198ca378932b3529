import { zh } from '../../../i18n/zh';

export default definePageConfig({
  navigationBarTitleText: zh.supply.title,
});
