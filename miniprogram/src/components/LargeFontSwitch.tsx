import { Switch, Text, View } from '@tarojs/components';
import { useLargeFont } from '../hooks/stores';
import { zh } from '../i18n/zh';

/** 大字模式, on the first screen a person sees (sign-in) and at the top of home. */
export function LargeFontSwitch() {
  const [largeFont, setLargeFont] = useLargeFont();
  return (
    <View className="large-font-switch" data-testid="large-font" onClick={() => setLargeFont(!largeFont)}>
      <Text className="large-font-switch__label">{zh.home.largeFont}</Text>
      <Switch
        data-testid="large-font-toggle"
        checked={largeFont}
        // The whole row toggles; the switch itself only shows the state.
        onChange={() => {}}
      />
    </View>
  );
}
