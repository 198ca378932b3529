import { Text, View } from '@tarojs/components';
import Taro from '@tarojs/taro';
import { zh } from '../../i18n/zh';

/** A big square button with a red count when something waits there. */
export function Tile(props: { label: string; url: string; badge?: number | undefined; testId: string }) {
  return (
    <View
      className="tile"
      data-testid={props.testId}
      onClick={() => void Taro.navigateTo({ url: props.url })}
    >
      <Text className="tile__label">{props.label}</Text>
      {props.badge !== undefined && props.badge > 0 && (
        <Text className="badge tile__badge" data-testid={`${props.testId}-badge`}>
          {zh.home.pendingBadge(props.badge)}
        </Text>
      )}
    </View>
  );
}
