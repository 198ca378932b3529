import { PRIVACY_NOTICE } from '@grid/shared';
import { Button, Text, View } from '@tarojs/components';
import Taro from '@tarojs/taro';
import { PageShell } from '../../../components/PageShell';
import { zh } from '../../../i18n/zh';
import { zhResident } from '../../../i18n/zh-resident';
import { ROUTES } from '../../../routes';
import '../../components/resident.scss';

/** The privacy notice as accepted, and the two rights it promises, one tap away each. */
export default function PrivacyPage() {
  const t = zhResident.privacy;
  return (
    <PageShell title={t.title}>
      <View className="card">
        <Button
          className="btn btn--primary"
          data-testid="privacy-access-log"
          onClick={() => void Taro.navigateTo({ url: ROUTES.accessLog })}
        >
          {t.accessLog}
        </Button>
        <Button
          className="btn"
          data-testid="privacy-corrections"
          onClick={() => void Taro.navigateTo({ url: ROUTES.corrections })}
        >
          {t.corrections}
        </Button>
      </View>
      <View className="card" data-testid="privacy-notice-text">
        <Text className="card__title">{PRIVACY_NOTICE.title}</Text>
        {PRIVACY_NOTICE.paragraphs.map((p) => (
          <View key={p} className="dialog__line">
            <Text>{p}</Text>
          </View>
        ))}
        <Text className="muted">{zh.privacy.version(PRIVACY_NOTICE.version)}</Text>
      </View>
    </PageShell>
  );
}
