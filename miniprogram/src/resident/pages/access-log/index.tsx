import { Text, View } from '@tarojs/components';
import { Message } from '../../../components/controls';
import { PageShell } from '../../../components/PageShell';
import { shortTime } from '../../../data/supply';
import { useLoad } from '../../../hooks/stores';
import { zhResident } from '../../../i18n/zh-resident';
import { getMyAccessLog } from '../../../services/api-resident';
import '../../components/resident.scss';

const t = zhResident.privacy;

/** 谁查看了我的信息: every staff read of the household's files, newest first, with the stated reason. */
export default function AccessLogPage() {
  const log = useLoad(getMyAccessLog);
  return (
    <PageShell
      title={t.accessLog}
      loading={log.status === 'loading'}
      error={log.status === 'error' ? log.error : undefined}
      onRetry={log.reload}
    >
      <Message kind="info" text={t.accessLogHint} />
      {log.status === 'ready' &&
        (log.data.items.length === 0 ? (
          <View className="state" data-testid="access-log-empty">
            <Text className="state__text">{t.accessLogEmpty}</Text>
          </View>
        ) : (
          <View className="card">
            {log.data.items.map((e) => (
              <View
                key={`${e.at}-${e.personId}-${e.action}`}
                className="message-item"
                data-testid="access-entry"
              >
                <Text className="message-item__text">
                  {`${e.personName}：${t.accessLine(e.byName, t.actions[e.action] ?? t.otherAction)}`}
                </Text>
                <Text className="muted">{shortTime(e.at)}</Text>
                {e.reason && (
                  <Text className="muted" data-testid="access-reason">
                    {t.reason(e.reason)}
                  </Text>
                )}
              </View>
            ))}
          </View>
        ))}
    </PageShell>
  );
}
