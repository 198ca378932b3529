import {
  type Household,
  isFever,
  isValidTemperature,
  localDate,
  type Person,
  type Symptom,
  slotOf,
} from '@grid/shared';
import { Button, Text, View } from '@tarojs/components';
import { useState } from 'react';
import { Chips, Message, SymptomChips, TemperatureStepper } from '../../../components/controls';
import { PageShell } from '../../../components/PageShell';
import { PrivacyConsentGate } from '../../../components/PrivacyConsentGate';
import { SubmitButton } from '../../../components/SubmitButton';
import { SubscribePrompt } from '../../../components/SubscribePrompt';
import { useLoad, useOutbox, useSession } from '../../../hooks/stores';
import { useSubmitGuard } from '../../../hooks/submission';
import { zh } from '../../../i18n/zh';
import { getMyHousehold } from '../../../services/api';
import { ApiError, describeError } from '../../../services/http';
import { makeSubmission, submitOrQueue } from '../../../services/outbox';
import '../../components/resident.scss';

export default function CheckinPage() {
  const household = useLoad(getMyHousehold);
  return (
    <PageShell
      loading={household.status === 'loading'}
      error={household.status === 'error' ? household.error : undefined}
      onRetry={household.reload}
    >
      {household.status === 'ready' && (
        <PrivacyConsentGate>
          <CheckinForm household={household.data} />
        </PrivacyConsentGate>
      )}
    </PageShell>
  );
}

interface Entry {
  temperature: string;
  symptoms: Symptom[];
}

type Outcome =
  | { state: 'sent' }
  | { state: 'queued'; idempotencyKey: string }
  | { state: 'already' }
  | { state: 'error'; message: string };

type Mode = 'family' | 'single';

export function CheckinForm({ household }: { household: Household }) {
  const session = useSession();
  const members = household.members;
  const selfId = session?.user.personId ?? members[0]?.personId ?? '';
  const [mode, setMode] = useState<Mode>(members.length > 1 ? 'family' : 'single');
  const [singleId, setSingleId] = useState(selfId);
  const [entries, setEntries] = useState<Record<string, Entry>>(() =>
    Object.fromEntries(members.map((m) => [m.personId, { temperature: '36.5', symptoms: [] }])),
  );
  const [excluded, setExcluded] = useState<string[]>([]);
  const [problem, setProblem] = useState<string | null>(null);
  const [feverList, setFeverList] = useState<Person[] | null>(null);
  const guard = useSubmitGuard();
  const [outcomes, setOutcomes] = useState<Record<string, Outcome>>({});
  const { items: queued } = useOutbox();

  const participants =
    mode === 'single'
      ? members.filter((m) => m.personId === singleId)
      : members.filter((m) => !excluded.includes(m.personId));
  const now = new Date();

  function setEntry(personId: string, change: Partial<Entry>) {
    setEntries((all) => ({ ...all, [personId]: { ...all[personId]!, ...change } }));
  }

  function check() {
    setProblem(null);
    if (participants.length === 0) return setProblem(zh.checkin.nobody);
    for (const m of unsent) {
      if (!isValidTemperature(Number(entries[m.personId]!.temperature))) {
        return setProblem(zh.checkin.invalidTemperature(m.name));
      }
    }
    const fevers = unsent.filter((m) => isFever(Number(entries[m.personId]!.temperature)));
    if (fevers.length > 0) setFeverList(fevers);
    else submit();
  }

  /** Members still to send: not yet sent or queued by an earlier tap of this submission. */
  const unsent = participants.filter((m) => {
    const o = outcomes[m.personId];
    return o === undefined || o.state === 'error';
  });

  function submit() {
    setFeverList(null);
    void guard.run(async () => {
      const measuredAt = new Date().toISOString();
      const next: Record<string, Outcome> = { ...outcomes };
      for (const m of unsent) {
        const entry = entries[m.personId]!;
        const temperature = Number(entry.temperature);
        // One key per member for this whole submission: a second tap or a retry reuses it.
        const submission = makeSubmission(
          'health',
          { personId: m.personId, body: { temperature, symptoms: entry.symptoms, measuredAt } },
          `${m.name} ${temperature.toFixed(1)} °C`,
          guard.keyFor(m.personId),
        );
        try {
          const result = await submitOrQueue(submission);
          next[m.personId] =
            result.state === 'sent'
              ? { state: 'sent' }
              : { state: 'queued', idempotencyKey: submission.idempotencyKey };
        } catch (error) {
          next[m.personId] =
            error instanceof ApiError && error.code === 'ALREADY_REPORTED'
              ? { state: 'already' }
              : { state: 'error', message: describeError(error) };
        }
      }
      setOutcomes(next);
    });
  }

  function outcomeText(outcome: Outcome): { kind: 'ok' | 'warn' | 'error' | 'info'; text: string } {
    switch (outcome.state) {
      case 'sent':
        return { kind: 'ok', text: zh.status.sent };
      case 'already':
        return { kind: 'info', text: zh.status.alreadyReported };
      case 'error':
        return { kind: 'error', text: outcome.message };
      case 'queued':
        return queued.some((q) => q.submission.idempotencyKey === outcome.idempotencyKey)
          ? { kind: 'warn', text: zh.status.queued }
          : { kind: 'ok', text: zh.status.synced };
    }
  }

  const hasOutcomes = Object.keys(outcomes).length > 0;
  const canSubmit = !hasOutcomes || unsent.length > 0;

  return (
    <View>
      <View className="card">
        <Text className="muted" data-testid="checkin-slot">
          {zh.checkin.slotLine(localDate(now), zh.checkin.slot[slotOf(now)])}
        </Text>
        {members.length > 1 && (
          <View className="tabs" data-testid="checkin-mode">
            {(['family', 'single'] as const).map((m) => (
              <View
                key={m}
                className={`tab${mode === m ? ' tab--on' : ''}`}
                data-testid={`checkin-mode-${m}`}
                onClick={() => setMode(m)}
              >
                <Text>{m === 'family' ? zh.checkin.modeFamily : zh.checkin.modeSingle}</Text>
              </View>
            ))}
          </View>
        )}
        {mode === 'single' && members.length > 1 && (
          <Chips
            testId="checkin-who"
            options={members.map((m) => ({ value: m.personId, label: m.name }))}
            selected={[singleId]}
            onToggle={setSingleId}
          />
        )}
      </View>

      {(mode === 'single' ? participants : members).map((m, index) => {
        const off = excluded.includes(m.personId) && mode === 'family';
        const entry = entries[m.personId]!;
        return (
          <View
            key={m.personId}
            className={`card member-card${off ? ' member-card--off' : ''}`}
            data-testid={`checkin-member-${index}`}
          >
            <View className="member-card__head">
              <Text className="member-card__name">
                {m.name}
                <Text className="tag">{zh.relations[m.relation]}</Text>
              </Text>
              {mode === 'family' && (
                <Chips
                  testId={`checkin-include-${index}`}
                  options={[{ value: 'on', label: zh.checkin.include }]}
                  selected={off ? [] : ['on']}
                  onToggle={() =>
                    setExcluded((x) => (off ? x.filter((id) => id !== m.personId) : [...x, m.personId]))
                  }
                />
              )}
            </View>
            {!off && (
              <>
                <Text className="muted">{zh.checkin.temperature}</Text>
                <TemperatureStepper
                  testId={`temp-${index}`}
                  value={entry.temperature}
                  onChange={(temperature) => setEntry(m.personId, { temperature })}
                />
                <View className="member-card__section">
                  <Text className="muted">{zh.checkin.symptoms}</Text>
                  <SymptomChips
                    testId={`symptoms-${index}`}
                    value={entry.symptoms}
                    onChange={(symptoms) => setEntry(m.personId, { symptoms })}
                  />
                </View>
              </>
            )}
            {outcomes[m.personId] && (
              <Message testId={`checkin-result-${index}`} {...outcomeText(outcomes[m.personId]!)} />
            )}
          </View>
        );
      })}

      {problem && <Message kind="error" text={problem} testId="checkin-problem" />}
      {canSubmit && (
        <SubmitButton
          label={hasOutcomes ? zh.checkin.resubmit : zh.checkin.submit}
          busy={guard.busy}
          onSubmit={check}
          testId="checkin-submit"
        />
      )}

      {Object.values(outcomes).some((o) => o.state === 'sent') && (
        <SubscribePrompt templates={['checkReminder']} reason={zh.subscribe.afterCheckin} />
      )}

      {feverList && (
        <View className="mask">
          <View className="dialog" data-testid="fever-warning">
            <Text className="dialog__title">{zh.checkin.feverTitle}</Text>
            <Text>{zh.checkin.feverBody}</Text>
            {feverList.map((m) => (
              <View key={m.personId} className="dialog__line" data-testid="fever-person">
                <Text>{`${m.name}：${Number(entries[m.personId]!.temperature).toFixed(1)} °C`}</Text>
              </View>
            ))}
            <Message kind="warn" text={zh.checkin.feverAdvice} />
            <Button className="btn" data-testid="fever-remeasure" onClick={() => setFeverList(null)}>
              {zh.checkin.feverRemeasure}
            </Button>
            <SubmitButton
              tone="danger"
              label={zh.checkin.feverConfirm}
              busy={guard.busy}
              onSubmit={submit}
              testId="fever-confirm"
            />
          </View>
        </View>
      )}
    </View>
  );
}
