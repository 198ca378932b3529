import type { ChildStats, RegionStats } from '@grid/shared';
import { Button, Text, View } from '@tarojs/components';
import Taro from '@tarojs/taro';
import { Message } from '../../components/controls';
import { shortTime } from '../../data/supply';
import { useLoad } from '../../hooks/stores';
import { zh } from '../../i18n/zh';
import { zhStaff } from '../../i18n/zh-staff';
import { ROUTES, withQuery } from '../../routes';
import { listAlerts } from '../../services/api';
import { describeError } from '../../services/http';

/** Alerts are kept per grid, street and district; a community (12 digits) reads its street's. */
export function alertScopeOf(code: string): string | null {
  if (code.length === 12) return code.slice(0, 9);
  return /^(\d{6}|\d{9}|\d{15})$/.test(code) ? code : null;
}

/**
 * The centre's alerts, first on its dashboard. The headline is the region's own 未处理预警 figure
 * (open and taken in hand), the same number its row shows one level up; below it the children that
 * have any (tap to go down to them) and, for a street or grid, the alerts themselves. A district's
 * own list holds only what its streets escalated, so it is shown as such, not as "all alerts".
 */
export function AlertsCard(props: {
  code: string;
  stats: RegionStats;
  childRows: ChildStats[];
  onPick: (child: ChildStats) => void;
}) {
  const scope = alertScopeOf(props.code);
  const total = props.stats.gauges.openAlerts;
  const alerts = useLoad(async () => (scope ? listAlerts(scope, 'open') : null), scope ?? '');
  const withAlerts = props.childRows.filter((c) => c.gauges.openAlerts > 0);
  const district = scope?.length === 6;
  return (
    <View className="card" data-testid="centre-alerts">
      <Text className="card__title" data-testid="centre-alerts-total" data-count={String(total)}>
        {zhStaff.centre.alertsTotal(total)}
      </Text>
      {total === 0 && <Text className="muted">{zhStaff.centre.alertsNone}</Text>}
      {withAlerts.length > 0 && (
        <>
          <Text className="muted">{zhStaff.centre.alertsByChild}</Text>
          {withAlerts.map((c) => (
            <View
              key={c.code}
              className="centre-alert"
              data-testid="centre-alert-child"
              data-code={c.code}
              onClick={() => props.onPick(c)}
            >
              <Text className="badge">{String(c.gauges.openAlerts)}</Text>
              <Text className="centre-alert__text">{c.name}</Text>
            </View>
          ))}
        </>
      )}
      {alerts.status === 'error' && <Message kind="error" text={describeError(alerts.error)} />}
      {alerts.status === 'ready' && alerts.data && (
        <>
          {district && (
            <Text className="muted">
              {zhStaff.centre.alertsEscalated(alerts.data.counts.open + alerts.data.counts.acknowledged)}
            </Text>
          )}
          {alerts.data.items.slice(0, 10).map((a) => (
            <View key={a.alertId} className="centre-alert" data-testid="centre-alert">
              <Text className="tag tag--red">{zh.alerts.kinds[a.kind]}</Text>
              <Text className="centre-alert__text">
                {`${a.personName}　${a.detail.date} ${zh.quarantine.slots[a.detail.slot]}　${shortTime(a.createdAt)}`}
              </Text>
            </View>
          ))}
          {scope &&
            (district ? alerts.data.counts.open + alerts.data.counts.acknowledged > 0 : total > 0) && (
              <Button
                className="btn btn--primary"
                data-testid="centre-alerts-open"
                onClick={() => Taro.navigateTo({ url: withQuery(ROUTES.alerts, { scope }) })}
              >
                {zh.centre.alertsMore}
              </Button>
            )}
        </>
      )}
    </View>
  );
}
