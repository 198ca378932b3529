import type { User } from '@grid/shared';
import { Text, View } from '@tarojs/components';
import { useDidShow } from '@tarojs/taro';
import { Message } from '../../components/controls';
import { LargeFontSwitch } from '../../components/LargeFontSwitch';
import { useLoad, useOutbox } from '../../hooks/stores';
import { TodayStatus } from '../../household/TodayStatus';
import { loadHouseholdToday, todayOf } from '../../household/today';
import { zh } from '../../i18n/zh';
import { zhPasses } from '../../i18n/zh-passes';
import { zhResident } from '../../i18n/zh-resident';
import { ROUTES } from '../../routes';
import { StaffBinding } from './StaffBinding';
import { Tile } from './Tile';

/**
 * A resident's home: greeting by name, 大字模式 at the top, the household's tiles and today's
 * check-in status per member and slot; binding as staff only when asked for.
 */
export function ResidentHome({ user }: { user: User }) {
  // The household and today's reports: from the API, or from the last visit when offline.
  const data = useLoad(
    async () => (user.householdId === null ? null : loadHouseholdToday()),
    user.householdId ?? '',
  );
  useDidShow(() => data.refresh());
  const { items: queued } = useOutbox();
  const loaded = data.status === 'ready' ? data.data : null;
  const household = loaded?.household ?? null;
  // The greeting uses the resident's own name from the household once it is known.
  const self = household?.members.find((m) => m.personId === user.personId);
  // 物资申请 is for households with someone in home quarantine (Person.activeQuarantineId).
  const quarantined = household?.members.some((m) => m.activeQuarantineId !== null) ?? false;
  const today =
    loaded && household
      ? Object.fromEntries(
          household.members.map((m) => [
            m.personId,
            todayOf(m.personId, loaded.recent[m.personId] ?? [], queued),
          ]),
        )
      : null;
  return (
    <>
      <View className="card">
        <View className="home-head">
          <Text className="home-head__hello" data-testid="home-hello">
            {zh.home.hello(self?.name ?? user.name)}
          </Text>
          <Text className="tag" data-testid="home-role">
            {zh.roles[user.role]}
          </Text>
        </View>
        <LargeFontSwitch />
      </View>
      {user.householdId === null ? (
        <>
          <Message kind="info" text={zh.home.noHousehold} />
          <View className="tiles">
            <Tile label={zh.tiles.register} url={ROUTES.register} testId="tile-register" />
          </View>
        </>
      ) : (
        <>
          <View className="tiles">
            <Tile label={zhPasses.tile} url={ROUTES.passes} testId="tile-passes" />
            <Tile label={zh.tiles.checkin} url={ROUTES.checkin} testId="tile-checkin" />
            <Tile label={zh.tiles.travel} url={ROUTES.travel} testId="tile-travel" />
            <Tile label={zh.tiles.family} url={ROUTES.family} testId="tile-family" />
            {quarantined && <Tile label={zh.tiles.supply} url={ROUTES.supply} testId="tile-supply" />}
            <Tile label={zh.tiles.messages} url={ROUTES.messages} testId="tile-messages" />
            <Tile label={zhResident.privacy.tile} url={ROUTES.privacy} testId="tile-privacy" />
          </View>
          {household && today && <TodayStatus household={household} today={today} />}
        </>
      )}
      <StaffBinding />
    </>
  );
}
