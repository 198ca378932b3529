import { type Household, localDate, type Person, type Symptom, slotOf } from '@grid/shared';
import { Button, Text, View } from '@tarojs/components';
import { useState } from 'react';
import { Chips, Message, SymptomChips, TemperatureStepper } from '../../../components/controls';
import { PageShell } from '../../../components/PageShell';
import { PrivacyConsentGate } from '../../../components/PrivacyConsentGate';
import { ResultActions } from '../../../components/ResultActions';
import { SubmitButton } from '../../../components/SubmitButton';
import { SubscribePrompt } from '../../../components/SubscribePrompt';
import { readTemperature } from '../../../components/temperature';
import { useLoad, useOutbox, useSession } from '../../../hooks/stores';
import { useSubmitGuard } from '../../../hooks/submission';
import { TodayStatus } from '../../../household/TodayStatus';
import {
  loadHouseholdToday,
  type MemberToday,
  needsReport,
  type RecentReports,
  todayOf,
} from '../../../household/today';
import { zh } from '../../../i18n/zh';
import { zhResident } from '../../../i18n/zh-resident';
import { ApiError, describeError } from '../../../services/http';
import { makeSubmission, submitOrQueue } from '../../../services/outbox';
import '../../components/resident.scss';

export default function CheckinPage() {
  const data = useLoad(loadHouseholdToday);
  return (
    <PageShell
      title={zh.checkin.title}
      loading={data.status === 'loading'}
      error={data.status === 'error' ? data.error : undefined}
      onRetry={data.reload}
    >
      {data.status === 'ready' && (
        <PrivacyConsentGate>
          <CheckinForm household={data.data.household} recent={data.data.recent} />
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

function shownTemperature(entry: Entry): string {
  const reading = readTemperature(entry.temperature);
  return reading.state === 'ok' ? reading.value.toFixed(1) : entry.temperature;
}

export function CheckinForm({
  household,
  recent = {},
  now = new Date(),
}: {
  household: Household;
  recent?: RecentReports;
  now?: Date;
}) {
  const session = useSession();
  const { items: queued } = useOutbox();
  const slot = slotOf(now);
  const today: Record<string, MemberToday> = Object.fromEntries(
    household.members.map((m) => [m.personId, todayOf(m.personId, recent[m.personId] ?? [], queued, now)]),
  );
  const [outcomes, setOutcomes] = useState<Record<string, Outcome>>({});
  // Who this form is for: members whose slot still needs a report when the page opened (or who
  // were sent from it, so their result stays on screen).
  const [open] = useState(() => household.members.filter((m) => needsReport(today[m.personId]![slot])));
  const selfId = session?.user.personId ?? open[0]?.personId ?? '';
  const [mode, setMode] = useState<Mode>(open.length > 1 ? 'family' : 'single');
  const [singleId, setSingleId] = useState(
    open.some((m) => m.personId === selfId) ? selfId : open[0]?.personId,
  );
  const [entries, setEntries] = useState<Record<string, Entry>>(() =>
    Object.fromEntries(household.members.map((m) => [m.personId, { temperature: '', symptoms: [] }])),
  );
  const [excluded, setExcluded] = useState<string[]>([]);
  const [problem, setProblem] = useState<string | null>(null);
  const [feverList, setFeverList] = useState<Person[] | null>(null);
  const guard = useSubmitGuard();

  const participants =
    mode === 'single'
      ? open.filter((m) => m.personId === singleId)
      : open.filter((m) => !excluded.includes(m.personId));
  /** Members still to send: not yet sent or queued by an earlier tap of this submission. */
  const unsent = participants.filter((m) => {
    const o = outcomes[m.personId];
    return o === undefined || o.state === 'error';
  });

  function setEntry(personId: string, change: Partial<Entry>) {
    setEntries((all) => ({ ...all, [personId]: { ...all[personId]!, ...change } }));
  }

  function check() {
    setProblem(null);
    if (unsent.length === 0) return setProblem(zh.checkin.nobody);
    for (const m of unsent) {
      const reading = readTemperature(entries[m.personId]!.temperature);
      if (reading.state === 'empty') return setProblem(`${m.name}：${zhResident.temperature.empty}`);
      if (reading.state !== 'ok') return setProblem(`${m.name}：${zhResident.temperature[reading.state]}`);
    }
    const fevers = unsent.filter((m) => {
      const reading = readTemperature(entries[m.personId]!.temperature);
      return reading.state === 'ok' && reading.fever;
    });
    if (fevers.length > 0) setFeverList(fevers);
    else submit();
  }

  function submit() {
    setFeverList(null);
    void guard.run(async () => {
      const measuredAt = new Date().toISOString();
      const next: Record<string, Outcome> = { ...outcomes };
      for (const m of unsent) {
        const entry = entries[m.personId]!;
        const reading = readTemperature(entry.temperature);
        if (reading.state !== 'ok') continue;
        const temperature = reading.value;
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
  const finished = hasOutcomes && unsent.length === 0;
  const shown = mode === 'single' ? participants : open;
  const anyQuarantined = (feverList ?? []).some((m) => m.activeQuarantineId !== null);

  return (
    <View>
      <View className="card">
        <Text className="muted" data-testid="checkin-slot">
          {zh.checkin.slotLine(localDate(now), zh.checkin.slot[slot])}
        </Text>
        {!hasOutcomes && open.length > 1 && (
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
        {!hasOutcomes && mode === 'single' && open.length > 1 && singleId && (
          <Chips
            testId="checkin-who"
            options={open.map((m) => ({ value: m.personId, label: m.name }))}
            selected={[singleId]}
            onToggle={setSingleId}
          />
        )}
      </View>

      <TodayStatus household={household} today={today} />

      {open.length === 0 && (
        <>
          <Message kind="ok" text={zhResident.today.allDone} testId="checkin-all-done" />
          <ResultActions testId="checkin" />
        </>
      )}

      {shown.map((m, index) => {
        const off = excluded.includes(m.personId) && mode === 'family';
        const entry = entries[m.personId]!;
        const outcome = outcomes[m.personId];
        const locked = outcome !== undefined && outcome.state !== 'error';
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
              {mode === 'family' && !hasOutcomes && (
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
            {!off && !locked && (
              <>
                <Text className="muted">{zh.checkin.temperature}</Text>
                <TemperatureStepper
                  testId={`temp-${index}`}
                  value={entry.temperature}
                  startFrom={today[m.personId]?.last ?? null}
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
            {outcome && <Message testId={`checkin-result-${index}`} {...outcomeText(outcome)} />}
          </View>
        );
      })}

      {problem && <Message kind="error" text={problem} testId="checkin-problem" />}
      {open.length > 0 && !finished && (
        <SubmitButton
          label={hasOutcomes ? zh.checkin.resubmit : zh.checkin.submit}
          busy={guard.busy}
          onSubmit={check}
          testId="checkin-submit"
        />
      )}
      {finished && <ResultActions testId="checkin" />}

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
                <Text>{`${m.name}：${shownTemperature(entries[m.personId]!)} °C`}</Text>
              </View>
            ))}
            <Message
              kind="warn"
              text={anyQuarantined ? zhResident.feverAdviceQuarantine : zh.checkin.feverAdvice}
              testId="fever-advice"
            />
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
