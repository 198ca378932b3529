import type { SupplyRequest } from '@grid/shared';
import { Text, View } from '@tarojs/components';
import { Message } from '../../../components/controls';
import { PageShell } from '../../../components/PageShell';
import { describeSupplyItems, shortTime } from '../../../data/supply';
import { useLoad } from '../../../hooks/stores';
import { zh } from '../../../i18n/zh';
import { getMyHousehold, listHouseholdSupplyRequests } from '../../../services/api';
import '../../components/resident.scss';

export interface ResidentMessage {
  key: string;
  at: string;
  text: string;
  detail: string;
}

/**
 * Residents have no inbox API: their notices are the steps of their supply requests (the same
 * transitions WeChat tells them about), newest first.
 */
export function messagesFrom(requests: readonly SupplyRequest[]): ResidentMessage[] {
  return requests
    .flatMap((r) =>
      r.history.map((e, i) => {
        const extra =
          e.action === 'deliver' ? r.deliveryNote : e.action === 'reject' ? r.rejectionReason : null;
        const items = describeSupplyItems(r.items);
        return {
          key: `${r.requestId}-${i}`,
          at: e.at,
          text: zh.messages.events[e.action],
          detail: extra ? `${items}｜${extra}` : items,
        };
      }),
    )
    .sort((a, b) => b.at.localeCompare(a.at));
}

export default function MessagesPage() {
  const data = useLoad(async () => {
    const household = await getMyHousehold();
    return messagesFrom((await listHouseholdSupplyRequests(household.householdId)).items);
  });
  return (
    <PageShell
      loading={data.status === 'loading'}
      error={data.status === 'error' ? data.error : undefined}
      onRetry={data.reload}
    >
      <Message kind="info" text={zh.messages.hint} />
      {data.status === 'ready' &&
        (data.data.length === 0 ? (
          <View className="state" data-testid="messages-empty">
            <Text className="state__text">{zh.messages.empty}</Text>
          </View>
        ) : (
          <View className="card">
            {data.data.map((m) => (
              <View key={m.key} className="message-item" data-testid="message-item">
                <Text className="message-item__text">{m.text}</Text>
                <Text className="muted">{`${shortTime(m.at)}　${m.detail}`}</Text>
              </View>
            ))}
          </View>
        ))}
    </PageShell>
  );
}
