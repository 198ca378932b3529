import type { Checkpoint, Shift } from '@grid/shared';
import { Button, Text, View } from '@tarojs/components';
import { useState } from 'react';
import { Message } from '../../components/controls';
import { zhCheckpoints } from '../../i18n/zh-checkpoints';
import { AssignShiftForm } from './AssignShiftForm';

const t = zhCheckpoints.setup;

/**
 * A checkpoint on 值守 with today's roster: tapping it opens the gate's log; an organiser's 排班
 * opens the form below it. A shift just assigned is on the roster at once (today's) or confirmed
 * in words (another day), before the page's reload brings it from the server.
 */
export function RosterCard(props: {
  checkpoint: Checkpoint;
  /** Today's roster as loaded. */
  shifts: Shift[];
  today: string;
  organiser: boolean;
  onOpen: () => void;
  onAssigned: () => void;
}) {
  const c = props.checkpoint;
  const [assigning, setAssigning] = useState(false);
  const [added, setAdded] = useState<Shift[]>([]);
  const known = new Set(props.shifts.map((s) => s.shiftId));
  const roster = [
    ...props.shifts,
    ...added.filter((s) => s.date === props.today && !known.has(s.shiftId)),
  ].sort((a, b) => a.starts.localeCompare(b.starts));
  const last = added[added.length - 1];
  return (
    <View>
      <View className="card" data-testid="duty-checkpoint" data-name={c.name} onClick={props.onOpen}>
        <Text className="shift-card__when">{c.name}</Text>
        <View>
          <Text className="muted">{`${zhCheckpoints.kinds[c.kind]} ${c.hours.opens}–${c.hours.closes}`}</Text>
        </View>
        <View data-testid="duty-roster">
          <Text className="muted">
            {roster.length === 0
              ? t.nobody
              : `${t.onDuty}${roster
                  .map((s) =>
                    t.rosterLine(s.staffName, s.starts, s.ends, zhCheckpoints.duty.status[s.status]),
                  )
                  .join('；')}`}
          </Text>
        </View>
      </View>
      {last && (
        <Message
          kind="ok"
          text={zhCheckpoints.assign.done(last.staffName, last.date, last.starts, last.ends)}
          testId="assign-done"
        />
      )}
      {props.organiser && !assigning && (
        <Button
          className="btn"
          data-testid="assign-open"
          data-name={c.name}
          onClick={() => setAssigning(true)}
        >
          {zhCheckpoints.assign.open}
        </Button>
      )}
      {props.organiser && assigning && (
        <AssignShiftForm
          checkpoint={c}
          onAssigned={(shift) => {
            setAdded((list) => [...list, shift]);
            setAssigning(false);
            props.onAssigned();
          }}
          onCancel={() => setAssigning(false)}
        />
      )}
    </View>
  );
}
