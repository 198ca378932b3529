import type { Alert } from '@grid/shared';
import { Text, View } from '@tarojs/components';
import { useRouter } from '@tarojs/taro';
import { useState } from 'react';
import { Chips, Field } from '../../../components/controls';
import { LoadMore, type PagedList, usePagedList } from '../../../components/LoadMore';
import { PageShell } from '../../../components/PageShell';
import { useGridNames } from '../../../data/grid-names';
import { useSession } from '../../../hooks/stores';
import { zh } from '../../../i18n/zh';
import { zhStaff } from '../../../i18n/zh-staff';
import { listAlerts } from '../../../services/api';
import { AlertCard } from '../../components/AlertCard';
import '../../gridworker.scss';

/** Alerts are listed per grid, street or district: a city-wide scope has to pick one of those. */
export const ALERT_SCOPE = /^(\d{6}|\d{9}|\d{15})$/;

type Status = 'open' | 'acknowledged';

/**
 * 预警: the open alerts of a grid (or a centre's street/district) and, below them, those taken in
 * hand (处理中), so an alert someone took on stays in sight until it is resolved.
 */
export default function AlertsPage() {
  const session = useSession();
  const fromRoute = useRouter().params.scope;
  const scopes = fromRoute ? [fromRoute] : (session?.user.scopes ?? []).filter((s) => ALERT_SCOPE.test(s));
  const [scope, setScope] = useState(scopes[0] ?? '');
  const label = useGridNames(scopes);
  // Every page carries the scope's counts of both kinds: keep the latest for the section heads.
  const [counts, setCounts] = useState<Record<Status, number> | null>(null);
  const load = (status: Status) => async (cursor?: string) => {
    const page = await listAlerts(scope, status, cursor);
    setCounts(page.counts);
    return page;
  };
  const open = usePagedList<Alert>(load('open'), `${scope}:open`);
  const taken = usePagedList<Alert>(load('acknowledged'), `${scope}:ack`);
  const changed = () => {
    open.refresh();
    taken.refresh();
  };

  return (
    <PageShell
      title={zh.alerts.title}
      loading={open.firstLoad && taken.firstLoad}
      error={open.items.length === 0 ? open.error : undefined}
      onRetry={changed}
    >
      {scopes.length > 1 && (
        <Field label={zh.alerts.scope}>
          <Chips
            testId="alerts-scope"
            options={scopes.map((s) => ({ value: s, label: label(s) }))}
            selected={[scope]}
            onToggle={setScope}
          />
        </Field>
      )}
      <Section status="open" list={open} count={counts?.open} onChanged={changed} label={label} />
      <Section
        status="acknowledged"
        list={taken}
        count={counts?.acknowledged}
        onChanged={changed}
        label={label}
      />
    </PageShell>
  );
}

function Section(props: {
  status: Status;
  list: PagedList<Alert>;
  count: number | undefined;
  onChanged: () => void;
  label: (code: string) => string;
}) {
  const { status, list } = props;
  return (
    <View data-testid={`alerts-section-${status}`}>
      <View className="section-head">
        <Text>{zhStaff.alerts[status]}</Text>
        {props.count !== undefined && (
          <Text className={props.count > 0 ? 'badge' : 'tag'} data-testid={`alerts-count-${status}`}>
            {String(props.count)}
          </Text>
        )}
      </View>
      {list.items.length === 0 && !list.loading && (
        <View className="state" data-testid={`alerts-empty-${status}`}>
          <Text className="state__text">
            {status === 'open' ? zhStaff.alerts.emptyOpen : zhStaff.alerts.emptyAcknowledged}
          </Text>
        </View>
      )}
      {list.items.map((alert) => (
        <AlertCard
          key={`${status}-${alert.alertId}`}
          alert={alert}
          gridLabel={props.label(alert.gridCode)}
          onChanged={props.onChanged}
        />
      ))}
      <LoadMore list={list} testId={`alerts-more-${status}`} />
    </View>
  );
}
