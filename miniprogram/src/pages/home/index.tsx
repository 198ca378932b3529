import { Button, Text, View } from '@tarojs/components';
import Taro, { useDidShow } from '@tarojs/taro';
import { LargeFontSwitch } from '../../components/LargeFontSwitch';
import { PageShell } from '../../components/PageShell';
import { useSession } from '../../hooks/stores';
import { zh } from '../../i18n/zh';
import { ROUTES } from '../../routes';
import { clearSession } from '../../services/session';
import { ResidentHome } from './ResidentHome';
import { CentreHome, GridworkerHome } from './StaffHome';
import './index.scss';

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
