import type { BoardEntry, Symptom } from '@grid/shared';
import { isValidTemperature } from '@grid/shared';
import { Button, Text, Textarea, View } from '@tarojs/components';
import { useState } from 'react';
import { Chips, Field, Message, SymptomChips, TemperatureStepper } from '../../components/controls';
import { shortTime } from '../../data/supply';
import { useOutbox } from '../../hooks/stores';
import { zh } from '../../i18n/zh';
import { callPerson } from '../../services/contact';
import { ApiError, describeError } from '../../services/http';
import { makeSubmission, submitOrQueue } from '../../services/outbox';

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
  const [open, setOpen] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);
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
      {!open && (
        <View className="actions">
          <Button
            className="btn btn--small"
            data-testid="board-call"
            onClick={async () => setProblem(await callPerson(entry.personId))}
          >
            {zh.quarantine.call}
          </Button>
          <Button
            className="btn btn--small btn--primary"
            data-testid="board-follow-up"
            onClick={() => setOpen(true)}
          >
            {zh.quarantine.followUp}
          </Button>
        </View>
      )}
      {open && (
        <FollowUpForm
          entry={entry}
          onClose={() => setOpen(false)}
          onRecorded={() => {
            setOpen(false);
            setRecorded(true);
            props.onRecorded?.();
          }}
        />
      )}
      {recorded && <Message kind="ok" text={zh.quarantine.recorded} testId="board-recorded" />}
      {problem && <Message kind="error" text={problem} testId="board-problem" />}
    </View>
  );
}

type Outcome = { state: 'sent' } | { state: 'queued'; key: string } | { state: 'error'; message: string };

/** A call, door visit or WeChat check with the temperature taken; queued offline like a check-in. */
export function FollowUpForm(props: { entry: BoardEntry; onClose: () => void; onRecorded: () => void }) {
  const [method, setMethod] = useState<'phone' | 'door' | 'wechat'>('phone');
  const [temperature, setTemperature] = useState('36.5');
  const [symptoms, setSymptoms] = useState<Symptom[]>([]);
  const [note, setNote] = useState('');
  const [busy, setBusy] = useState(false);
  const [outcome, setOutcome] = useState<Outcome | null>(null);
  const { items: queued } = useOutbox();

  async function submit() {
    const value = Number(temperature);
    if (temperature.trim() === '' || !isValidTemperature(value)) {
      return setOutcome({ state: 'error', message: zh.quarantine.invalidTemperature });
    }
    setBusy(true);
    const submission = makeSubmission(
      'followUp',
      {
        quarantineId: props.entry.quarantineId,
        body: { method, temperature: value, symptoms, ...(note.trim() ? { note: note.trim() } : {}) },
      },
      zh.quarantine.followUpLabel(props.entry.personName, value.toFixed(1)),
    );
    try {
      const result = await submitOrQueue(submission);
      if (result.state === 'sent') {
        setOutcome({ state: 'sent' });
        props.onRecorded();
      } else {
        setOutcome({ state: 'queued', key: submission.idempotencyKey });
      }
    } catch (error) {
      setOutcome({
        state: 'error',
        message: error instanceof ApiError ? error.message : describeError(error),
      });
    } finally {
      setBusy(false);
    }
  }

  const stillQueued =
    outcome?.state === 'queued' && queued.some((q) => q.submission.idempotencyKey === outcome.key);
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
      {outcome && (
        <Message
          testId="followup-result"
          kind={
            outcome.state === 'error' ? 'error' : outcome.state === 'queued' && stillQueued ? 'warn' : 'ok'
          }
          text={
            outcome.state === 'error'
              ? outcome.message
              : outcome.state === 'queued' && stillQueued
                ? zh.quarantine.queued
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
          disabled={busy || undefined}
          onClick={() => void submit()}
        >
          {zh.quarantine.submit}
        </Button>
      </View>
    </View>
  );
}
