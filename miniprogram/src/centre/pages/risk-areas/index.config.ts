import { zhStaff } from '../../../i18n/zh-staff';

export default definePageConfig({
  navigationBarTitleText: zhStaff.riskAreas.title,
});
