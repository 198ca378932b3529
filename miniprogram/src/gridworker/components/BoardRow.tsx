import type { BoardEntry } from '@grid/shared';
import { Button, Text, View } from '@tarojs/components';
import { useState } from 'react';
import { Message } from '../../components/controls';
import { shortTime } from '../../data/supply';
import { zh } from '../../i18n/zh';
import { zhStaff } from '../../i18n/zh-staff';
import { CallButton } from './CallButton';
import { FollowUpForm } from './FollowUpForm';
import { QuarantineChange } from './QuarantineChange';

type CheckStatus = BoardEntry['morning'];
const STATUS_TAG: Record<CheckStatus, string> = {
  done: 'tag--green',
  due: 'tag--orange',
  overdue: 'tag--red',
  not_required: '',
};
const STATUS_RANK: Record<CheckStatus, number> = { overdue: 0, due: 1, done: 2, not_required: 2 };

/** Overdue first (two overdue slots before one), then due, then done; by name within a rank. */
export function sortBoard(items: readonly BoardEntry[]): BoardEntry[] {
  const rank = (e: BoardEntry) => STATUS_RANK[e.morning] + STATUS_RANK[e.evening];
  return [...items].sort((a, b) => rank(a) - rank(b) || a.personName.localeCompare(b.personName, 'zh'));
}

export function isOverdueEntry(entry: BoardEntry): boolean {
  return entry.morning === 'overdue' || entry.evening === 'overdue';
}

function SlotStatus(props: { slot: 'morning' | 'evening'; status: CheckStatus }) {
  return (
    <Text
      className={`tag ${STATUS_TAG[props.status]}`}
      data-testid={`board-${props.slot}`}
      data-status={props.status}
    >
      {`${zh.quarantine.slots[props.slot]} ${zh.quarantine.status[props.status]}`}
    </Text>
  );
}

/** One quarantined person on the board: today's two checks, the last reading, days left, actions. */
export function BoardRow(props: { entry: BoardEntry; onRecorded?: () => void }) {
  const { entry } = props;
  const [open, setOpen] = useState<'followUp' | 'change' | null>(null);
  const [recorded, setRecorded] = useState(false);
  const overdue = isOverdueEntry(entry);
  return (
    <View
      className={`card board-row${overdue ? ' board-row--overdue' : ''}`}
      data-testid="board-row"
      data-person={entry.personName}
      data-overdue={overdue ? 'true' : 'false'}
    >
      <View className="row">
        <Text className="board-row__name">{entry.personName}</Text>
        <Text className={`tag${entry.daysRemaining <= 0 ? ' tag--orange' : ''}`} data-testid="board-days">
          {zh.quarantine.daysRemaining(entry.daysRemaining)}
        </Text>
      </View>
      <Text className="muted">
        {entry.address}　{entry.phoneMasked ?? zh.quarantine.noPhone}
      </Text>
      <View className="board-row__checks">
        <SlotStatus slot="morning" status={entry.morning} />
        <SlotStatus slot="evening" status={entry.evening} />
      </View>
      <Text
        className={entry.lastFever ? 'board-row__last board-row__last--fever' : 'muted'}
        data-testid="board-last"
        data-fever={entry.lastFever ? 'true' : 'false'}
      >
        {entry.lastTemperature !== null && entry.lastReportAt !== null
          ? zh.quarantine.lastTemperature(entry.lastTemperature, shortTime(entry.lastReportAt))
          : zh.quarantine.noTemperature}
      </Text>
      {open === null && (
        <View className="actions">
          <CallButton personId={entry.personId} testId="board-call" />
          <Button className="btn btn--small" data-testid="board-change" onClick={() => setOpen('change')}>
            {zhStaff.quarantine.manage}
          </Button>
          <Button
            className="btn btn--small btn--primary"
            data-testid="board-follow-up"
            onClick={() => setOpen('followUp')}
          >
            {zh.quarantine.followUp}
          </Button>
        </View>
      )}
      {open === 'change' && (
        <QuarantineChange
          entry={entry}
          onClose={() => setOpen(null)}
          onChanged={() => props.onRecorded?.()}
        />
      )}
      {open === 'followUp' && (
        <FollowUpForm
          entry={entry}
          onClose={() => setOpen(null)}
          onRecorded={() => {
            setOpen(null);
            setRecorded(true);
            props.onRecorded?.();
          }}
        />
      )}
      {recorded && <Message kind="ok" text={zh.quarantine.recorded} testId="board-recorded" />}
    </View>
  );
}
