import type { User } from '@grid/shared';
import { Text, View } from '@tarojs/components';
import { useDidShow } from '@tarojs/taro';
import { Message } from '../../components/controls';
import { useGridNames } from '../../data/grid-names';
import { useLoad } from '../../hooks/stores';
import { zh } from '../../i18n/zh';
import { zhCheckpoints } from '../../i18n/zh-checkpoints';
import { zhStaff } from '../../i18n/zh-staff';
import { ROUTES } from '../../routes';
import { getGridSummary, listAlerts, listGridTasks, listNoticeInbox } from '../../services/api';
import { describeError } from '../../services/http';
import { Tile } from './Tile';

/** Alerts are kept per grid, street or district: a city-wide scope picks one in the dashboard. */
const ALERT_SCOPE = /^(\d{6}|\d{9}|\d{15})$/;

const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0);

/** What waits for a gridworker, counted per tile: pending, open alerts, open tasks, notices to confirm. */
async function gridworkerCounts(grids: string[]) {
  const [summaries, alerts, tasks, inbox] = await Promise.all([
    Promise.all(grids.map((g) => getGridSummary(g))),
    Promise.all(grids.map((g) => listAlerts(g, 'open'))),
    Promise.all(grids.map((g) => listGridTasks(g))),
    listNoticeInbox(),
  ]);
  return {
    pending: sum(summaries.map((s) => s.pending.health + s.pending.travel)),
    alerts: sum(alerts.map((a) => a.counts.open)),
    tasks: sum(tasks.map((t) => t.items.filter((i) => i.status === 'open').length)),
    notices: inbox.items.filter((n) => n.ackRequired && n.acknowledgedAt === null).length,
  };
}

export function GridworkerHome({ user }: { user: User }) {
  const label = useGridNames(user.scopes);
  const counts = useLoad(() => gridworkerCounts(user.scopes), user.scopes.join(','));
  useDidShow(() => counts.refresh());
  const c = counts.status === 'ready' ? counts.data : undefined;
  return (
    <>
      <View className="card" data-testid="home-scope">
        <Text className="muted">{zh.home.scope}：</Text>
        {user.scopes.map((g) => (
          <View key={g}>
            <Text className="muted">{label(g)}</Text>
          </View>
        ))}
      </View>
      {counts.status === 'error' && <Message kind="error" text={describeError(counts.error)} />}
      <View className="tiles">
        <Tile label={zh.tiles.pending} url={ROUTES.pending} badge={c?.pending} testId="tile-pending" />
        <Tile label={zh.tiles.alerts} url={ROUTES.alerts} badge={c?.alerts} testId="tile-alerts" />
        <Tile label={zh.tiles.quarantine} url={ROUTES.quarantine} testId="tile-quarantine" />
        <Tile label={zh.tiles.visitRegister} url={ROUTES.visitRegister} testId="tile-visit-register" />
        <Tile label={zh.tiles.supplyQueue} url={ROUTES.supplyQueue} testId="tile-supply-queue" />
        <Tile label={zh.tiles.tasks} url={ROUTES.tasks} badge={c?.tasks} testId="tile-tasks" />
        <Tile label={zh.tiles.notices} url={ROUTES.notices} badge={c?.notices} testId="tile-notices" />
        <Tile label={zhStaff.registration.title} url={ROUTES.registrationTasks} testId="tile-registration" />
        <Tile label={zhCheckpoints.tile} url={ROUTES.duty} testId="tile-duty" />
      </View>
    </>
  );
}

export function CentreHome({ user }: { user: User }) {
  const alertScopes = user.scopes.filter((s) => ALERT_SCOPE.test(s));
  const alerts = useLoad(
    async () =>
      sum((await Promise.all(alertScopes.map((s) => listAlerts(s, 'open')))).map((a) => a.counts.open)),
    alertScopes.join(','),
  );
  useDidShow(() => alerts.refresh());
  return (
    <>
      <View className="card">
        <Text className="muted">
          {zh.home.scope}：{user.scopes.join('、')}
        </Text>
      </View>
      <View className="tiles">
        {/* Alerts first: a centre acts on them before it reads figures. */}
        {alertScopes.length > 0 && (
          <Tile
            label={zh.tiles.alerts}
            url={ROUTES.alerts}
            badge={alerts.status === 'ready' ? alerts.data : undefined}
            testId="tile-alerts"
          />
        )}
        <Tile label={zh.centre.title} url={ROUTES.centre} testId="tile-centre" />
      </View>
    </>
  );
}
