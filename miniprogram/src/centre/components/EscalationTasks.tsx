import { maskName, type RegionTask } from '@grid/shared';
import { Text, View } from '@tarojs/components';
import Taro, { useDidShow } from '@tarojs/taro';
import { gridLabel, useGridNames } from '../../data/grid-names';
import { shortTime } from '../../data/supply';
import { useLoad } from '../../hooks/stores';
import { zh } from '../../i18n/zh';
import { zhStaff } from '../../i18n/zh-staff';
import { ROUTES, withQuery } from '../../routes';
import { listRegionTasks } from '../../services/api-staff';

/** Only a street (9 digits) or district (6 digits) centre is reached by escalated alerts. */
export const hasEscalationTasks = (code: string) => code.length === 6 || code.length === 9;

/** How many of the newest tasks the card lists; the badge counts the whole first page. */
const SHOWN = 3;

/**
 * 升级预警待办: alerts escalated to this centre that none of its staff could be messaged about. The
 * list holds only unresolved ones (a resolved alert leaves it), so the card disappears once they
 * are dealt with; each item opens the alert list where the alert is taken in hand or resolved.
 */
export function EscalationTasks(props: { code: string }) {
  const on = hasEscalationTasks(props.code);
  const tasks = useLoad(async () => (on ? listRegionTasks(props.code) : null), props.code);
  // Back from the alerts page: show what is still open (a load under way is fresh already).
  useDidShow(() => {
    if (tasks.status !== 'loading') tasks.refresh();
  });
  const items = tasks.status === 'ready' && tasks.data ? tasks.data.items : [];
  useGridNames(items.map((t) => t.gridCode));
  if (tasks.status !== 'ready' || !tasks.data || items.length === 0) return null;
  const more = tasks.data.nextCursor !== null;
  const open = (task: RegionTask) =>
    Taro.navigateTo({ url: withQuery(ROUTES.alerts, { scope: task.regionCode }) });
  return (
    <View className="card" data-testid="centre-tasks">
      <View className="row">
        <Text className="card__title">{zhStaff.centre.tasksTitle}</Text>
        <Text className="badge" data-testid="centre-tasks-count">
          {`${items.length}${more ? '+' : ''}`}
        </Text>
      </View>
      {items.slice(0, SHOWN).map((t) => (
        <View
          key={t.taskId}
          className="centre-alert"
          data-testid="centre-task"
          data-alert={t.alertId}
          onClick={() => open(t)}
        >
          <Text className="tag tag--red">{zh.alerts.kinds[t.alertKind]}</Text>
          <Text className="centre-alert__text">
            {`${maskName(t.personName)}　${gridLabel(t.gridCode)}　${zhStaff.centre.taskLevels[t.level]} ${shortTime(t.createdAt)}`}
          </Text>
        </View>
      ))}
      <Text className="muted">{zhStaff.centre.tasksMore(items.length, more)}</Text>
    </View>
  );
}
