import { Button, View } from '@tarojs/components';
import Taro from '@tarojs/taro';
import { zhResident } from '../i18n/zh-resident';
import { ROUTES } from '../routes';

/** Back one page, or home when this page was opened directly (a link, a reload in h5). */
export function goBack(): void {
  if (Taro.getCurrentPages().length > 1) void Taro.navigateBack();
  else void Taro.reLaunch({ url: ROUTES.home });
}

export function goHome(): void {
  void Taro.reLaunch({ url: ROUTES.home });
}

/** How every result screen ends: 完成 (back to where the person came from) and 返回首页. */
export function ResultActions(props: { testId?: string }) {
  const id = props.testId ?? 'result';
  return (
    <View className="result-actions" data-testid={`${id}-actions`}>
      <Button className="btn btn--primary" data-testid={`${id}-finish`} onClick={goBack}>
        {zhResident.result.done}
      </Button>
      <Button className="btn" data-testid={`${id}-home`} onClick={goHome}>
        {zhResident.result.home}
      </Button>
    </View>
  );
}
