import { zhCheckpoints } from '../../../i18n/zh-checkpoints';

export default definePageConfig({
  navigationBarTitleText: zhCheckpoints.scan.title,
});
