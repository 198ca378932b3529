import { Button, Text, View } from '@tarojs/components';
import Taro, { useDidShow } from '@tarojs/taro';
import { LargeFontSwitch } from '../../components/LargeFontSwitch';
import { PageShell } from '../../components/PageShell';
import { useSession } from '../../hooks/stores';
import { zh } from '../../i18n/zh';
import { zhCheckpoints } from '../../i18n/zh-checkpoints';
import { ROUTES } from '../../routes';
import { clearSession } from '../../services/session';
import { ResidentHome } from './ResidentHome';
import { CentreHome, GridworkerHome } from './StaffHome';
import { Tile } from './Tile';
import './index.scss';

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
          <Tile label={zhCheckpoints.tile} url={ROUTES.duty} testId="tile-duty" />
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
