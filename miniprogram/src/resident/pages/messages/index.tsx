import type { ResidentMessage, SupplyRequest } from '@grid/shared';
import { Text, View } from '@tarojs/components';
import { useDidShow } from '@tarojs/taro';
import { useRef } from 'react';
import { PageShell } from '../../../components/PageShell';
import { describeSupplyItems, shortTime } from '../../../data/supply';
import { useLoad } from '../../../hooks/stores';
import { zh } from '../../../i18n/zh';
import { zhResident } from '../../../i18n/zh-resident';
import { getMyHousehold, listHouseholdSupplyRequests } from '../../../services/api';
import { listMyMessages } from '../../../services/api-resident';
import { loadWithCache } from '../../../services/offline-cache';
import { type SentRecord, sentRecords } from '../../../services/outbox';
import '../../components/resident.scss';

export interface ResidentNote {
  key: string;
  at: string;
  text: string;
  detail: string;
  tone: 'ok' | 'warn' | 'error' | 'info';
}

const t = zhResident.messages;

/** The steps of the household's supply requests (the transitions WeChat tells them about). */
export function messagesFrom(requests: readonly SupplyRequest[]): ResidentNote[] {
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
          tone: e.action === 'reject' ? ('error' as const) : ('info' as const),
        };
      }),
    )
    .sort((a, b) => b.at.localeCompare(a.at));
}

/** Verdicts on reports and declarations, and alerts about members, as the API lists them. */
export function notesFromServer(items: readonly ResidentMessage[]): ResidentNote[] {
  return items.map((m) => {
    if (m.kind === 'verification') {
      const slot = m.slot ? zh.checkin.slot[m.slot] : '';
      return {
        key: m.id,
        at: m.at,
        text: t.verification(m, slot),
        detail: m.note ? t.rejectedNote(m.note) : '',
        tone: m.decision === 'rejected' ? 'error' : 'ok',
      };
    }
    return {
      key: m.id,
      at: m.at,
      text: t.alert(m, zh.checkin.slot[m.slot]),
      detail: [t.alertStatus[m.status], m.resolution ? t.resolution(m.resolution) : '']
        .filter(Boolean)
        .join('　'),
      tone: m.status === 'resolved' ? 'info' : 'warn',
    };
  });
}

/** What the server answered declarations sent from the outbox: a risk flag must still reach the person. */
export function notesFromSync(records: readonly SentRecord[]): ResidentNote[] {
  return records.flatMap((r) =>
    r.kind === 'travel'
      ? [
          {
            key: `sync-${r.idempotencyKey}`,
            at: r.sentAt,
            text: r.answer.riskFlagged ? t.riskAfterSync(r.label) : t.syncedTravel(r.label),
            detail: '',
            tone: r.answer.riskFlagged ? ('warn' as const) : ('ok' as const),
          },
        ]
      : [],
  );
}

async function loadMessages(): Promise<ResidentNote[]> {
  const household = await loadWithCache('household', getMyHousehold);
  const [server, supply] = await Promise.all([
    loadWithCache('messages', listMyMessages),
    loadWithCache('supply-requests', () => listHouseholdSupplyRequests(household.householdId)),
  ]);
  return [
    ...notesFromServer(server.items),
    ...messagesFrom(supply.items),
    ...notesFromSync(sentRecords()),
  ].sort((a, b) => b.at.localeCompare(a.at));
}

/** 消息: verdicts, alerts about the household, supply events and synced answers, newest first. */
export default function MessagesPage() {
  const data = useLoad(loadMessages);
  const shown = useRef(false);
  useDidShow(() => {
    if (shown.current) data.refresh();
    shown.current = true;
  });
  return (
    <PageShell
      title={zh.messages.title}
      loading={data.status === 'loading'}
      error={data.status === 'error' ? data.error : undefined}
      onRetry={data.reload}
    >
      {data.status === 'ready' &&
        (data.data.length === 0 ? (
          <View className="state" data-testid="messages-empty">
            <Text className="state__text">{zh.messages.empty}</Text>
          </View>
        ) : (
          <View className="card">
            {data.data.map((m) => (
              <View
                key={m.key}
                className={`message-item message-item--${m.tone}`}
                data-testid="message-item"
                data-tone={m.tone}
              >
                <Text className="message-item__text">{m.text}</Text>
                <Text className="muted">
                  {m.detail ? `${shortTime(m.at)}　${m.detail}` : shortTime(m.at)}
                </Text>
              </View>
            ))}
          </View>
        ))}
    </PageShell>
  );
}
