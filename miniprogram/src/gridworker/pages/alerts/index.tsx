import { Button, Text, View } from '@tarojs/components';
import { useRouter } from '@tarojs/taro';
import { useCallback, useEffect, useState } from 'react';
import { Chips, Field } from '../../../components/controls';
import { PageShell } from '../../../components/PageShell';
import { useSession } from '../../../hooks/stores';
import { zh } from '../../../i18n/zh';
import { listAlerts } from '../../../services/api';
import { AlertCard } from '../../components/AlertCard';
import '../../gridworker.scss';

type Tab = 'open' | 'acknowledged';
type Loaded = Awaited<ReturnType<typeof listAlerts>>;

/** Alerts are listed per grid, street or district: a city-wide scope has to pick one of those. */
export const ALERT_SCOPE = /^(\d{6}|\d{9}|\d{15})$/;

/** 预警: open and taken-in-hand alerts of a grid (or a centre's street/district), with counts. */
export default function AlertsPage() {
  const session = useSession();
  const fromRoute = useRouter().params.scope;
  const scopes = fromRoute ? [fromRoute] : (session?.user.scopes ?? []).filter((s) => ALERT_SCOPE.test(s));
  const [scope, setScope] = useState(scopes[0] ?? '');
  const [tab, setTab] = useState<Tab>('open');
  const [list, setList] = useState<{ data: Loaded | null; loading: boolean; error: unknown }>({
    data: null,
    loading: true,
    error: undefined,
  });

  const load = useCallback(
    async (quiet = false, cursor?: string) => {
      if (!quiet) setList((l) => ({ ...l, loading: true, error: undefined }));
      try {
        const page = await listAlerts(scope, tab, cursor);
        setList((l) => ({
          data: cursor && l.data ? { ...page, items: [...l.data.items, ...page.items] } : page,
          loading: false,
          error: undefined,
        }));
      } catch (error) {
        setList((l) => ({ ...l, loading: false, error }));
      }
    },
    [scope, tab],
  );
  useEffect(() => {
    void load();
  }, [load]);

  const counts = list.data?.counts;
  return (
    <PageShell
      loading={list.loading && list.data === null}
      error={list.data === null ? list.error : undefined}
      onRetry={() => void load()}
    >
      {scopes.length > 1 && (
        <Field label={zh.alerts.scope}>
          <Chips
            testId="alerts-scope"
            options={scopes.map((s) => ({ value: s, label: s }))}
            selected={[scope]}
            onToggle={setScope}
          />
        </Field>
      )}
      <View className="tabs">
        {(['open', 'acknowledged'] as const).map((t) => (
          <View
            key={t}
            className={`tab${tab === t ? ' tab--on' : ''}`}
            data-testid={`alerts-tab-${t}`}
            onClick={() => setTab(t)}
          >
            <Text>{zh.alerts.tabs[t]}</Text>
            {counts && (
              <Text className={counts[t] > 0 ? 'badge' : 'tag'} data-testid={`alerts-count-${t}`}>
                {String(counts[t])}
              </Text>
            )}
          </View>
        ))}
      </View>
      {list.data && list.data.items.length === 0 && !list.loading && (
        <View className="state" data-testid="alerts-empty">
          <Text className="state__text">{zh.alerts.empty}</Text>
        </View>
      )}
      {list.data?.items.map((alert) => (
        <AlertCard key={`${tab}-${alert.alertId}`} alert={alert} onChanged={() => void load(true)} />
      ))}
      {list.data?.nextCursor && (
        <Button className="btn" onClick={() => void load(true, list.data!.nextCursor!)}>
          {zh.alerts.loadMore}
        </Button>
      )}
    </PageShell>
  );
}
