import type { Household } from '@grid/shared';
import { Text, View } from '@tarojs/components';
import { zh } from '../i18n/zh';
import { zhResident } from '../i18n/zh-resident';
import type { MemberToday, SlotStatus } from './today';

const TAG: Record<SlotStatus, string> = {
  due: 'tag--orange',
  missed: '',
  reported: 'tag--blue',
  verified: 'tag--green',
  rejected: 'tag--red',
  queued: 'tag--orange',
};

/** 今日打卡: each member's morning and evening as 已报 / 待报 / 已退回 / 已核实 / 待同步. */
export function TodayStatus(props: { household: Household; today: Record<string, MemberToday> }) {
  return (
    <View className="card" data-testid="today-status">
      <Text className="card__title">{zhResident.today.title}</Text>
      {props.household.members.map((m) => {
        const today = props.today[m.personId];
        if (!today) return null;
        return (
          <View key={m.personId} className="today-row" data-testid="today-member">
            <View className="today-row__line">
              <Text className="today-row__name">{m.name}</Text>
              {(['morning', 'evening'] as const).map((slot) => (
                <Text
                  key={slot}
                  className={`tag ${TAG[today[slot].status]}`}
                  data-testid={`today-${slot}`}
                  data-status={today[slot].status}
                >
                  {`${zh.checkin.slot[slot]} ${zhResident.today.status[today[slot].status]}`}
                </Text>
              ))}
            </View>
            {(['morning', 'evening'] as const).map((slot) =>
              today[slot].status === 'rejected' ? (
                <Text key={slot} className="today-row__note" data-testid="today-rejected-note">
                  {`${zh.checkin.slot[slot]}：${zhResident.today.rejectedNote(today[slot].note ?? '')}`}
                </Text>
              ) : null,
            )}
          </View>
        );
      })}
    </View>
  );
}
