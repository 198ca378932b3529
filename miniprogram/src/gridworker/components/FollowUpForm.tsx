import type { BoardEntry, Symptom } from '@grid/shared';
import { isValidTemperature } from '@grid/shared';
import { Button, Textarea, View } from '@tarojs/components';
import { useState } from 'react';
import { Chips, Field, Message, SymptomChips, TemperatureStepper } from '../../components/controls';
import { useSubmission, viewTone } from '../../hooks/submission';
import { zh } from '../../i18n/zh';
import { describeError } from '../../services/http';

/**
 * A call, door visit or WeChat check with the temperature taken. It goes through the outbox with
 * its key minted on the first submit: without signal it waits and is sent once.
 */
export function FollowUpForm(props: { entry: BoardEntry; onClose: () => void; onRecorded: () => void }) {
  const [method, setMethod] = useState<'phone' | 'door' | 'wechat'>('phone');
  const [temperature, setTemperature] = useState('36.5');
  const [symptoms, setSymptoms] = useState<Symptom[]>([]);
  const [note, setNote] = useState('');
  const [problem, setProblem] = useState<string | null>(null);
  const followUp = useSubmission('followUp');

  async function submit() {
    const value = Number(temperature);
    if (temperature.trim() === '' || !isValidTemperature(value)) {
      return setProblem(zh.quarantine.invalidTemperature);
    }
    setProblem(null);
    try {
      const result = await followUp.submit(
        {
          quarantineId: props.entry.quarantineId,
          body: { method, temperature: value, symptoms, ...(note.trim() ? { note: note.trim() } : {}) },
        },
        zh.quarantine.followUpLabel(props.entry.personName, value.toFixed(1)),
      );
      if (result?.state === 'sent') props.onRecorded();
    } catch (error) {
      setProblem(describeError(error));
    }
  }

  const view = followUp.view;
  return (
    <View className="board-row__form" data-testid="followup-form">
      <Field label={zh.quarantine.method}>
        <Chips
          testId="followup-method"
          options={(['phone', 'door', 'wechat'] as const).map((m) => ({
            value: m,
            label: zh.quarantine.methods[m],
          }))}
          selected={[method]}
          onToggle={setMethod}
        />
      </Field>
      <Field label={zh.quarantine.temperature}>
        <TemperatureStepper testId="followup-temp" value={temperature} onChange={setTemperature} />
      </Field>
      <Field label={zh.quarantine.symptoms}>
        <SymptomChips testId="followup-symptoms" value={symptoms} onChange={setSymptoms} />
      </Field>
      <Field label={zh.quarantine.note}>
        <Textarea
          className="textarea"
          maxlength={200}
          data-testid="followup-note"
          value={note}
          onInput={(e) => setNote(e.detail.value)}
        />
      </Field>
      {problem && <Message testId="followup-result" kind="error" text={problem} />}
      {!problem && view.status !== 'idle' && (
        <Message
          testId="followup-result"
          kind={viewTone(view)}
          text={
            view.status === 'queued'
              ? zh.quarantine.queued
              : view.status === 'failed'
                ? zh.outbox.failed(view.reason)
                : zh.quarantine.recorded
          }
        />
      )}
      <View className="actions">
        <Button className="btn btn--small" onClick={props.onClose}>
          {zh.quarantine.cancel}
        </Button>
        <Button
          className="btn btn--small btn--primary"
          data-testid="followup-submit"
          disabled={followUp.busy || undefined}
          onClick={() => void submit()}
        >
          {zh.quarantine.submit}
        </Button>
      </View>
    </View>
  );
}
