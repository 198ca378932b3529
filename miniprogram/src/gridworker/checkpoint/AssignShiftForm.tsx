import { addDays, type Checkpoint, localDate, type Shift } from '@grid/shared';
import { Button, Input, Text, View } from '@tarojs/components';
import { useState } from 'react';
import { Chips, Field, Message } from '../../components/controls';
import { SubmitButton } from '../../components/SubmitButton';
import { useLoad, useOnline } from '../../hooks/stores';
import { useSubmitGuard } from '../../hooks/submission';
import { zhCheckpoints } from '../../i18n/zh-checkpoints';
import { assignShift, listRosterStaff } from '../../services/api-checkpoints';
import { describeError, NetworkError } from '../../services/http';

const t = zhCheckpoints.assign;
/** The days an organiser plans ahead from this screen: today and the next six. */
const DAYS_AHEAD = 7;
const HHMM = /^([01]\d|2[0-3]):[0-5]\d$/;

/**
 * 排班: an organiser puts a gridworker or volunteer of the village on a checkpoint's roster for a
 * day and a time window (today and the checkpoint's hours unless changed). Needs signal, like
 * 新建卡口: a roster is planned, not kept at a gate, and a refusal (an overlapping shift) must be
 * seen at once, not days later from the outbox. The Idempotency-Key is minted at the first tap
 * and kept until it lands, so a double tap or a retry after no answer writes one shift.
 */
export function AssignShiftForm(props: {
  checkpoint: Checkpoint;
  onAssigned: (shift: Shift) => void;
  onCancel: () => void;
}) {
  const { checkpoint } = props;
  const staff = useLoad(() => listRosterStaff(checkpoint.checkpointId), checkpoint.checkpointId);
  const online = useOnline();
  const guard = useSubmitGuard();
  const today = localDate(new Date());
  const [staffId, setStaffId] = useState('');
  const [date, setDate] = useState(today);
  const [hours, setHours] = useState({ starts: checkpoint.hours.opens, ends: checkpoint.hours.closes });
  const [problem, setProblem] = useState<string | null>(null);
  // A change of what is asked is a new assignment: a new key (the old one is bound to the old request).
  const change = (apply: () => void) => {
    apply();
    guard.reset();
    setProblem(null);
  };

  const submit = () =>
    void guard.run(async () => {
      if (staffId === '') return setProblem(t.personMissing);
      const starts = hours.starts.trim();
      const ends = hours.ends.trim();
      if (!HHMM.test(starts) || !HHMM.test(ends)) return setProblem(t.timeInvalid);
      if (!online) return setProblem(t.offline);
      setProblem(null);
      try {
        const shift = await assignShift(
          checkpoint.checkpointId,
          { staffId, date, starts, ends },
          guard.keyFor(),
        );
        guard.reset();
        props.onAssigned(shift);
      } catch (error) {
        // No answer: the shift may have landed; a retry sends the same key and gets that shift.
        setProblem(error instanceof NetworkError ? t.offline : describeError(error));
      }
    });

  const people = staff.status === 'ready' ? staff.data.items : [];
  const time = (which: 'starts' | 'ends') => (
    <Input
      className="gate-input"
      maxlength={5}
      value={hours[which]}
      data-testid={`assign-${which}`}
      onInput={(e) => change(() => setHours((h) => ({ ...h, [which]: e.detail.value })))}
    />
  );
  return (
    <View className="card" data-testid="assign-shift">
      <Text className="card__title">{t.title(checkpoint.name)}</Text>
      {!online && <Message kind="warn" text={t.offline} testId="assign-offline" />}
      <Field label={t.person}>
        {staff.status === 'loading' && <Text className="muted">{t.loadingStaff}</Text>}
        {staff.status === 'error' && (
          <Message kind="error" text={describeError(staff.error)} testId="assign-staff-error" />
        )}
        {staff.status === 'ready' && people.length === 0 && <Text className="muted">{t.noStaff}</Text>}
        <Chips
          options={people.map((p) => ({ value: p.userId, label: `${p.name}（${t.roles[p.role]}）` }))}
          selected={[staffId]}
          onToggle={(id) => change(() => setStaffId(id))}
          testId="assign-person"
        />
      </Field>
      <Field label={t.day}>
        <Chips
          options={Array.from({ length: DAYS_AHEAD }, (_, i) => {
            const day = addDays(today, i);
            return { value: day, label: t.dayLabel(i, day) };
          })}
          selected={[date]}
          onToggle={(d) => change(() => setDate(d))}
          testId="assign-day"
        />
      </Field>
      <Field label={t.starts}>{time('starts')}</Field>
      <Field label={t.ends} hint={t.timeHint}>
        {time('ends')}
      </Field>
      {problem && <Message kind="error" text={problem} testId="assign-problem" />}
      <SubmitButton label={t.submit} busy={guard.busy} testId="assign-submit" onSubmit={submit} />
      <Button className="btn" data-testid="assign-cancel" onClick={props.onCancel}>
        {zhCheckpoints.log.cancel}
      </Button>
    </View>
  );
}
