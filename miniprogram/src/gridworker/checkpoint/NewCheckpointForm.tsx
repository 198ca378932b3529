import { type CheckpointKind, checkpointKindSchema } from '@grid/shared';
import { Button, Input, View } from '@tarojs/components';
import { useState } from 'react';
import { Chips, Field, Message } from '../../components/controls';
import { SubmitButton } from '../../components/SubmitButton';
import { gridName, useGridNames } from '../../data/grid-names';
import { zhCheckpoints } from '../../i18n/zh-checkpoints';
import { createCheckpoint } from '../../services/api-checkpoints';
import { describeError } from '../../services/http';

const t = zhCheckpoints.setup;
const KINDS = checkpointKindSchema.options.map((k) => ({ value: k, label: zhCheckpoints.kinds[k] }));

/**
 * 新建卡口: a gridworker sets up a checkpoint of one of their villages (name, kind, hours). Needs
 * signal: a checkpoint is set up once, not at a gate, so it does not wait in the outbox.
 */
export function NewCheckpointForm(props: {
  villages: string[];
  onCreated: () => void;
  onCancel: () => void;
}) {
  useGridNames(props.villages);
  const [village, setVillage] = useState(props.villages[0] ?? '');
  const [name, setName] = useState('');
  const [kind, setKind] = useState<CheckpointKind>('village_entrance');
  const [hours, setHours] = useState({ opens: '06:00', closes: '22:00' });
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);
  const submit = async () => {
    if (busy) return;
    if (name.trim() === '') return setProblem(t.nameMissing);
    setBusy(true);
    setProblem(null);
    try {
      await createCheckpoint({ regionCode: village, name: name.trim(), kind, hours });
      props.onCreated();
    } catch (error) {
      setProblem(describeError(error));
    } finally {
      setBusy(false);
    }
  };
  const time = (which: 'opens' | 'closes') => (
    <Input
      className="gate-input"
      maxlength={5}
      value={hours[which]}
      data-testid={`new-checkpoint-${which}`}
      onInput={(e) => setHours((h) => ({ ...h, [which]: e.detail.value }))}
    />
  );
  return (
    <View className="card" data-testid="new-checkpoint">
      {props.villages.length > 1 && (
        <Field label={t.village}>
          <Chips
            options={props.villages.map((v) => ({ value: v, label: gridName(v) }))}
            selected={[village]}
            onToggle={setVillage}
            testId="new-checkpoint-village"
          />
        </Field>
      )}
      <Field label={t.name}>
        <Input
          className="gate-input"
          maxlength={40}
          placeholder={t.namePlaceholder}
          value={name}
          data-testid="new-checkpoint-name"
          onInput={(e) => {
            setName(e.detail.value);
            setProblem(null);
          }}
        />
      </Field>
      <Field label={t.kind}>
        <Chips options={KINDS} selected={[kind]} onToggle={setKind} testId="new-checkpoint-kind" />
      </Field>
      <Field label={t.opens}>{time('opens')}</Field>
      <Field label={t.closes}>{time('closes')}</Field>
      {problem && <Message kind="error" text={problem} testId="new-checkpoint-problem" />}
      <SubmitButton
        label={t.create}
        busy={busy}
        testId="new-checkpoint-submit"
        onSubmit={() => void submit()}
      />
      <Button className="btn" data-testid="new-checkpoint-cancel" onClick={props.onCancel}>
        {zhCheckpoints.log.cancel}
      </Button>
    </View>
  );
}
