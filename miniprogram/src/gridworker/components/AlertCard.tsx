import type { Alert } from '@grid/shared';
import { Button, Text, Textarea, View } from '@tarojs/components';
import { useState } from 'react';
import { Field, Message } from '../../components/controls';
import { shortTime } from '../../data/supply';
import { zh } from '../../i18n/zh';
import { acknowledgeAlert, resolveAlert } from '../../services/api';
import { describeError } from '../../services/http';
import { CallButton } from './CallButton';

/** One alert: call the person; an open one can be taken in hand; a taken one closed with a note. */
export function AlertCard(props: { alert: Alert; gridLabel?: string; onChanged: () => void }) {
  const { alert } = props;
  const [resolving, setResolving] = useState(false);
  const [note, setNote] = useState('');
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);
  const [done, setDone] = useState<string | null>(null);

  async function act(run: () => Promise<unknown>, doneText: string) {
    setBusy(true);
    setProblem(null);
    try {
      await run();
      setDone(doneText);
      setResolving(false);
      props.onChanged();
    } catch (error) {
      setProblem(describeError(error));
    } finally {
      setBusy(false);
    }
  }

  return (
    <View
      className="card alert-card"
      data-testid="alert-item"
      data-person={alert.personName}
      data-kind={alert.kind}
    >
      <View className="row">
        <Text className="alert-card__name">{alert.personName}</Text>
        <Text className="tag tag--red">{zh.alerts.kinds[alert.kind]}</Text>
        {alert.level !== 'grid' && (
          <Text className="tag tag--orange">{`${zh.alerts.escalated}${zh.alerts.levels[alert.level]}`}</Text>
        )}
      </View>
      <Text className="muted">
        {zh.alerts.detail(alert.detail.date, zh.quarantine.slots[alert.detail.slot])}
        {alert.detail.temperature !== undefined && `　${zh.alerts.temperature(alert.detail.temperature)}`}
        {`　${props.gridLabel ?? alert.gridCode}　${shortTime(alert.createdAt)}`}
      </Text>
      {done ? (
        <Message kind="ok" text={done} testId="alert-done" />
      ) : resolving ? (
        <View className="alert-card__form">
          <Field label={zh.alerts.resolveNote}>
            <Textarea
              className="textarea"
              maxlength={200}
              data-testid="alert-note"
              placeholder={zh.alerts.resolveNotePlaceholder}
              value={note}
              onInput={(e) => setNote(e.detail.value)}
            />
          </Field>
          <View className="actions">
            <Button className="btn btn--small" onClick={() => setResolving(false)}>
              {zh.alerts.cancel}
            </Button>
            <Button
              className="btn btn--small btn--primary"
              data-testid="alert-resolve-send"
              disabled={busy || undefined}
              onClick={() => {
                if (note.trim() === '') return setProblem(zh.alerts.needNote);
                void act(() => resolveAlert(alert.alertId, note.trim()), zh.alerts.resolved);
              }}
            >
              {zh.alerts.submit}
            </Button>
          </View>
        </View>
      ) : (
        <View className="actions">
          <CallButton personId={alert.personId} testId="alert-call" />
          {alert.status === 'open' && (
            <Button
              className="btn btn--small btn--primary"
              data-testid="alert-acknowledge"
              disabled={busy || undefined}
              onClick={() => void act(() => acknowledgeAlert(alert.alertId), zh.alerts.acknowledged)}
            >
              {zh.alerts.acknowledge}
            </Button>
          )}
          <Button className="btn btn--small" data-testid="alert-resolve" onClick={() => setResolving(true)}>
            {zh.alerts.resolve}
          </Button>
        </View>
      )}
      {problem && <Message kind="error" text={problem} testId="alert-problem" />}
    </View>
  );
}
