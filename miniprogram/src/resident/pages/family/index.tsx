import { Button, Text, View } from '@tarojs/components';
import Taro, { useDidShow } from '@tarojs/taro';
import { useRef } from 'react';
import { PageShell } from '../../../components/PageShell';
import { useLoad } from '../../../hooks/stores';
import { zh } from '../../../i18n/zh';
import { ROUTES, withQuery } from '../../../routes';
import { getMyHousehold } from '../../../services/api';
import { loadWithCache } from '../../../services/offline-cache';
import '../../components/resident.scss';

export default function FamilyPage() {
  const household = useLoad(() => loadWithCache('household', getMyHousehold));
  const shown = useRef(false);
  // Coming back from the member form: show what changed.
  useDidShow(() => {
    if (shown.current) household.reload();
    shown.current = true;
  });
  return (
    <PageShell
      title={zh.tiles.family}
      loading={household.status === 'loading'}
      error={household.status === 'error' ? household.error : undefined}
      onRetry={household.reload}
    >
      {household.status === 'ready' && (
        <View>
          <View className="card">
            <Text className="muted">{zh.family.address}</Text>
            <Text className="card__title" data-testid="family-address">
              {household.data.address}
            </Text>
            <Text className="muted">
              {zh.family.grid}：{household.data.gridCode}
            </Text>
          </View>
          <View className="card">
            <Text className="card__title">{zh.family.members(household.data.members.length)}</Text>
            {household.data.members.map((m, i) => (
              <View key={m.personId} className="result-line" data-testid={`family-member-${i}`}>
                <View>
                  <Text className="member-card__name">{m.name}</Text>
                  <Text className="tag">{zh.relations[m.relation]}</Text>
                  <View>
                    <Text className="muted">
                      {m.idNumberMasked}　{m.phoneMasked ?? zh.family.noPhone}
                    </Text>
                  </View>
                </View>
                <Button
                  className="btn btn--small"
                  data-testid={`family-edit-${i}`}
                  onClick={() =>
                    Taro.navigateTo({
                      url: withQuery(ROUTES.member, {
                        householdId: household.data.householdId,
                        personId: m.personId,
                      }),
                    })
                  }
                >
                  {zh.family.edit}
                </Button>
              </View>
            ))}
            <Button
              className="btn btn--primary"
              data-testid="family-add"
              onClick={() =>
                Taro.navigateTo({
                  url: withQuery(ROUTES.member, { householdId: household.data.householdId }),
                })
              }
            >
              {zh.family.add}
            </Button>
          </View>
        </View>
      )}
    </PageShell>
  );
}
