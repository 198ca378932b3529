import type { User } from '@grid/shared';
import { Button, Input, Switch, Text, View } from '@tarojs/components';
import Taro, { useDidShow } from '@tarojs/taro';
import { useState } from 'react';
import { Message } from '../../components/controls';
import { PageShell } from '../../components/PageShell';
import { useLargeFont, useLoad, useSession } from '../../hooks/stores';
import { zh } from '../../i18n/zh';
import { ROUTES } from '../../routes';
import { getGridSummary, getMyHousehold } from '../../services/api';
import { describeError } from '../../services/http';
import { bindStaffPhone, clearSession } from '../../services/session';
import './index.scss';

const ALERT_SCOPE = /^(\d{6}|\d{9}|\d{15})$/;

function go(url: string) {
  void Taro.navigateTo({ url });
}

export default function Home() {
  const session = useSession();
  const [largeFont, setLargeFont] = useLargeFont();
  useDidShow(() => {
    if (!session) void Taro.reLaunch({ url: ROUTES.login });
  });
  if (!session) return <PageShell loading />;
  const { user } = session;
  return (
    <PageShell>
      <View className="card home-head">
        <Text className="home-head__hello" data-testid="home-hello">
          {zh.home.hello(user.name)}
        </Text>
        <Text className="tag" data-testid="home-role">
          {zh.roles[user.role]}
        </Text>
      </View>
      {user.role === 'resident' && <ResidentHome user={user} />}
      {user.role === 'gridworker' && <GridworkerHome user={user} />}
      {user.role === 'volunteer' && (
        <View className="tiles">
          <Tile label={zh.tiles.supplyQueue} url={ROUTES.supplyQueue} testId="tile-supply-queue" />
        </View>
      )}
      {(user.role === 'centre' || user.role === 'admin') && <CentreHome user={user} />}
      <View className="card">
        <View className="row">
          <Text>{zh.home.largeFont}</Text>
          <Switch
            data-testid="large-font-toggle"
            checked={largeFont}
            onChange={(e) => setLargeFont(e.detail.value)}
          />
        </View>
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

function ResidentHome({ user }: { user: User }) {
  // 物资申请 is for households with someone in home quarantine (Person.activeQuarantineId).
  const household = useLoad(
    async () => (user.householdId === null ? null : getMyHousehold()),
    user.householdId ?? '',
  );
  useDidShow(() => household.refresh());
  const quarantined =
    household.status === 'ready' && household.data !== null
      ? household.data.members.some((m) => m.activeQuarantineId !== null)
      : false;
  return (
    <>
      {user.householdId === null ? (
        <>
          <Message kind="info" text={zh.home.noHousehold} />
          <View className="tiles">
            <Tile label={zh.tiles.register} url={ROUTES.register} testId="tile-register" />
          </View>
        </>
      ) : (
        <View className="tiles">
          <Tile label={zh.tiles.checkin} url={ROUTES.checkin} testId="tile-checkin" />
          <Tile label={zh.tiles.travel} url={ROUTES.travel} testId="tile-travel" />
          <Tile label={zh.tiles.family} url={ROUTES.family} testId="tile-family" />
          {quarantined && <Tile label={zh.tiles.supply} url={ROUTES.supply} testId="tile-supply" />}
          <Tile label={zh.tiles.messages} url={ROUTES.messages} testId="tile-messages" />
        </View>
      )}
      <StaffBinding />
    </>
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

/** A new WeChat user is a resident; staff prove who they are with the phone WeChat confirms. */
function StaffBinding() {
  const [status, setStatus] = useState<{ kind: 'ok' | 'error'; text: string } | null>(null);
  const [demoPhone, setDemoPhone] = useState('');
  async function bind(code: string) {
    try {
      const { user } = await bindStaffPhone(code);
      setStatus({ kind: 'ok', text: zh.staffBinding.done(user.name) });
    } catch (error) {
      setStatus({ kind: 'error', text: describeError(error) });
    }
  }
  return (
    <View className="card">
      <Text className="card__title">{zh.staffBinding.heading}</Text>
      <Text className="muted">{zh.staffBinding.hint}</Text>
      {process.env.TARO_ENV === 'h5' ? (
        <View className="row">
          <Input
            className="input home-bind__input"
            type="number"
            maxlength={11}
            data-testid="bind-phone"
            placeholder={zh.staffBinding.demoPlaceholder}
            value={demoPhone}
            onInput={(e) => setDemoPhone(e.detail.value)}
          />
          <Button
            className="btn btn--small"
            data-testid="bind-phone-submit"
            onClick={() => bind(`test-phone:${demoPhone}`)}
          >
            {zh.staffBinding.demoButton}
          </Button>
        </View>
      ) : (
        <Button
          className="btn"
          openType="getPhoneNumber"
          onGetPhoneNumber={(e) => {
            const code = (e.detail as { code?: string }).code;
            if (code) void bind(code);
            else setStatus({ kind: 'error', text: zh.staffBinding.denied });
          }}
        >
          {zh.staffBinding.button}
        </Button>
      )}
      {status && <Message kind={status.kind} text={status.text} testId="bind-status" />}
    </View>
  );
}
