import { zhPasses } from '../../../i18n/zh-passes';

export default definePageConfig({
  navigationBarTitleText: zhPasses.printTitle,
});
