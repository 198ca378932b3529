import type { User } from '@grid/shared';
import { Button, Text, View } from '@tarojs/components';
import Taro, { useDidShow } from '@tarojs/taro';
import { Message } from '../../components/controls';
import { LargeFontSwitch } from '../../components/LargeFontSwitch';
import { PageShell } from '../../components/PageShell';
import { useLoad, useSession } from '../../hooks/stores';
import { zh } from '../../i18n/zh';
import { ROUTES } from '../../routes';
import { getGridSummary } from '../../services/api';
import { describeError } from '../../services/http';
import { clearSession } from '../../services/session';
import { ResidentHome } from './ResidentHome';
import './index.scss';

const ALERT_SCOPE = /^(\d{6}|\d{9}|\d{15})$/;

function go(url: string) {
  void Taro.navigateTo({ url });
}

export default function Home() {
  const session = useSession();
  useDidShow(() => {
    if (!session) void Taro.reLaunch({ url: ROUTES.login });
  });
  if (!session) return <PageShell loading />;
  const { user } = session;
  return (
    <PageShell title={zh.homeTitle} back={false}>
      {user.role === 'resident' ? (
        <ResidentHome user={user} />
      ) : (
        <View className="card">
          <View className="home-head">
            <Text className="home-head__hello" data-testid="home-hello">
              {zh.home.hello(user.name)}
            </Text>
            <Text className="tag" data-testid="home-role">
              {zh.roles[user.role]}
            </Text>
          </View>
          <LargeFontSwitch />
        </View>
      )}
      {user.role === 'gridworker' && <GridworkerHome user={user} />}
      {user.role === 'volunteer' && (
        <View className="tiles">
          <Tile label={zh.tiles.supplyQueue} url={ROUTES.supplyQueue} testId="tile-supply-queue" />
        </View>
      )}
      {(user.role === 'centre' || user.role === 'admin') && <CentreHome user={user} />}
      <View className="card">
        <Button
          className="btn"
          data-testid="logout"
          onClick={() => {
            clearSession();
            void Taro.reLaunch({ url: ROUTES.login });
          }}
        >
          {zh.home.logout}
        </Button>
      </View>
    </PageShell>
  );
}

/** A big square button; without a target it is a placeholder for a screen whose API is not out yet. */
function Tile(props: { label: string; url?: string; badge?: number; testId?: string }) {
  const soon = props.url === undefined;
  return (
    <View
      className={`tile${soon ? ' tile--soon' : ''}`}
      data-testid={props.testId}
      onClick={props.url ? () => go(props.url!) : undefined}
    >
      <Text className="tile__label">{props.label}</Text>
      {soon && <Text className="tile__soon">{zh.home.comingSoon}</Text>}
      {props.badge !== undefined && props.badge > 0 && (
        <Text className="badge tile__badge" data-testid={`${props.testId}-badge`}>
          {zh.home.pendingBadge(props.badge)}
        </Text>
      )}
    </View>
  );
}

function GridworkerHome({ user }: { user: User }) {
  const summary = useLoad(
    () => Promise.all(user.scopes.map((grid) => getGridSummary(grid))),
    user.scopes.join(','),
  );
  useDidShow(() => summary.reload());
  const pendingTotal =
    summary.status === 'ready'
      ? summary.data.reduce((n, s) => n + s.pending.health + s.pending.travel, 0)
      : undefined;
  return (
    <>
      <View className="card">
        <Text className="muted">
          {zh.home.scope}：{user.scopes.join('、')}
        </Text>
      </View>
      {summary.status === 'error' && <Message kind="error" text={describeError(summary.error)} />}
      <View className="tiles">
        <Tile label={zh.tiles.pending} url={ROUTES.pending} badge={pendingTotal} testId="tile-pending" />
        <Tile label={zh.tiles.visitRegister} url={ROUTES.visitRegister} testId="tile-visit-register" />
        <Tile label={zh.tiles.quarantine} url={ROUTES.quarantine} testId="tile-quarantine" />
        <Tile label={zh.tiles.supplyQueue} url={ROUTES.supplyQueue} testId="tile-supply-queue" />
        <Tile label={zh.tiles.alerts} url={ROUTES.alerts} testId="tile-alerts" />
        <Tile label={zh.tiles.tasks} url={ROUTES.tasks} testId="tile-tasks" />
        <Tile label={zh.tiles.notices} url={ROUTES.notices} testId="tile-notices" />
      </View>
    </>
  );
}

function CentreHome({ user }: { user: User }) {
  return (
    <>
      <View className="card">
        <Text className="muted">
          {zh.home.scope}：{user.scopes.join('、')}
        </Text>
      </View>
      <View className="tiles">
        <Tile label={zh.centre.title} url={ROUTES.centre} testId="tile-centre" />
        {/* A city-wide scope picks a district or street in the dashboard: alerts are kept per street. */}
        {user.scopes.some((s) => ALERT_SCOPE.test(s)) && (
          <Tile label={zh.tiles.alerts} url={ROUTES.alerts} testId="tile-alerts" />
        )}
      </View>
    </>
  );
}
