import { type EntryPerson, type TurnBackReason, turnBackReasonSchema } from '@grid/shared';
import { Button, Input, Text, View } from '@tarojs/components';
import { useState } from 'react';
import { Chips, Field } from '../../components/controls';
import { SubmitButton } from '../../components/SubmitButton';
import { zhCheckpoints } from '../../i18n/zh-checkpoints';

const t = zhCheckpoints.log;
const REASONS = turnBackReasonSchema.options.map((r) => ({ value: r, label: t.reasons[r] }));

/** 劝返: a reason (and a note for 其他), then one tap to log it. */
export function TurnBackForm(props: {
  busy: boolean;
  onSubmit: (person: EntryPerson, label: string) => void;
  onCancel: () => void;
}) {
  const [reason, setReason] = useState<TurnBackReason>('non_essential');
  const [note, setNote] = useState('');
  const [problem, setProblem] = useState<string | null>(null);
  return (
    <View className="card" data-testid="turn-back-form">
      <Field label={t.reason}>
        <Chips options={REASONS} selected={[reason]} onToggle={setReason} testId="turn-back-reason" />
      </Field>
      <Field label={t.note}>
        <Input
          className="gate-input"
          maxlength={100}
          placeholder={t.notePlaceholder}
          value={note}
          data-testid="turn-back-note"
          onInput={(e) => setNote(e.detail.value)}
        />
      </Field>
      {problem && <Text className="field__error">{problem}</Text>}
      <SubmitButton
        label={t.confirm}
        busy={props.busy}
        testId="turn-back-confirm"
        onSubmit={() => {
          if (reason === 'other' && note.trim() === '') return setProblem(t.noteMissing);
          const person: EntryPerson = {
            kind: 'turned_back',
            reason,
            ...(note.trim() ? { note: note.trim() } : {}),
          };
          props.onSubmit(person, t.labelTurnBack(t.reasons[reason]));
        }}
      />
      <Button className="btn" data-testid="turn-back-cancel" onClick={props.onCancel}>
        {t.cancel}
      </Button>
    </View>
  );
}

/** 登记访客: who, which household they visit, and why. */
export function VisitorForm(props: {
  busy: boolean;
  onSubmit: (person: EntryPerson, label: string) => void;
  onCancel: () => void;
}) {
  const [name, setName] = useState('');
  const [host, setHost] = useState('');
  const [reason, setReason] = useState('');
  const [problem, setProblem] = useState<string | null>(null);
  const input = (
    testId: string,
    value: string,
    set: (v: string) => void,
    max: number,
    placeholder?: string,
  ) => (
    <Input
      className="gate-input"
      maxlength={max}
      placeholder={placeholder}
      value={value}
      data-testid={testId}
      onInput={(e) => set(e.detail.value)}
    />
  );
  return (
    <View className="card" data-testid="visitor-form">
      <Field label={t.visitorName}>{input('visitor-name', name, setName, 30)}</Field>
      <Field label={t.host}>{input('visitor-host', host, setHost, 60, t.hostPlaceholder)}</Field>
      <Field label={t.visitReason}>{input('visitor-reason', reason, setReason, 100)}</Field>
      {problem && <Text className="field__error">{problem}</Text>}
      <SubmitButton
        label={t.confirm}
        busy={props.busy}
        testId="visitor-confirm"
        onSubmit={() => {
          const [n, h, r] = [name.trim(), host.trim(), reason.trim()];
          if (!n || !h || !r) return setProblem(t.visitorMissing);
          props.onSubmit({ kind: 'visitor', name: n, host: h, reason: r }, t.labelVisitor(n));
        }}
      />
      <Button className="btn" data-testid="visitor-cancel" onClick={props.onCancel}>
        {t.cancel}
      </Button>
    </View>
  );
}
