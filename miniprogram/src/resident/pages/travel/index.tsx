import { addDays, type Household, localDate, transportKindSchema } from '@grid/shared';
import { Input, Picker, Text, Textarea, View } from '@tarojs/components';
import { useState } from 'react';
import { Chips, Field, Message } from '../../../components/controls';
import { PageShell } from '../../../components/PageShell';
import { PrivacyConsentGate } from '../../../components/PrivacyConsentGate';
import { ResultActions } from '../../../components/ResultActions';
import { SubmitButton } from '../../../components/SubmitButton';
import { useLoad, useSession } from '../../../hooks/stores';
import { useSubmission, viewTone } from '../../../hooks/submission';
import { zh } from '../../../i18n/zh';
import { zhResident } from '../../../i18n/zh-resident';
import { getMyHousehold } from '../../../services/api';
import { describeSubmitError } from '../../../services/field-errors';
import { loadWithCache } from '../../../services/offline-cache';
import { RegionPicker } from '../../components/RegionPicker';
import '../../components/resident.scss';

export default function TravelPage() {
  const household = useLoad(() => loadWithCache('household', getMyHousehold));
  return (
    <PageShell
      title={zh.tiles.travel}
      loading={household.status === 'loading'}
      error={household.status === 'error' ? household.error : undefined}
      onRetry={household.reload}
    >
      {household.status === 'ready' && (
        <PrivacyConsentGate>
          <TravelForm household={household.data} />
        </PrivacyConsentGate>
      )}
    </PageShell>
  );
}

type TransportKind = (typeof transportKindSchema.options)[number];

/** The form's names for the fields an API refusal may point at. */
const FIELD_LABELS = {
  originCode: zh.travel.origin,
  departedOn: zh.travel.departedOn,
  arrivedOn: zh.travel.arrivedOn,
  transport: zh.travel.transportNumber,
  companions: zh.travel.companions,
  note: zh.travel.note,
};

function DateChoice(props: { label: string; value: string; onChange: (d: string) => void; testId: string }) {
  const today = localDate(new Date());
  const quick = [
    { value: today, label: zh.travel.today },
    { value: addDays(today, -1), label: zh.travel.yesterday },
    { value: addDays(today, -2), label: zh.travel.dayBefore },
  ];
  const isQuick = quick.some((q) => q.value === props.value);
  return (
    <Field label={`${props.label}：${props.value}`}>
      <View className="row">
        <Chips testId={props.testId} options={quick} selected={[props.value]} onToggle={props.onChange} />
        <Picker
          mode="date"
          value={props.value}
          end={today}
          onChange={(e) => props.onChange(String(e.detail.value))}
        >
          <View className={`chip${isQuick ? '' : ' chip--on'}`}>
            <Text>{zh.travel.otherDate}</Text>
          </View>
        </Picker>
      </View>
    </Field>
  );
}

function TravelForm({ household }: { household: Household }) {
  const session = useSession();
  const today = localDate(new Date());
  const [personId, setPersonId] = useState(session?.user.personId ?? household.members[0]?.personId ?? '');
  const [origin, setOrigin] = useState<string | null>(null);
  const [departedOn, setDepartedOn] = useState(addDays(today, -1));
  const [arrivedOn, setArrivedOn] = useState(today);
  const [kind, setKind] = useState<TransportKind>('train');
  const [number, setNumber] = useState('');
  const [companions, setCompanions] = useState('');
  const [note, setNote] = useState('');
  const [problem, setProblem] = useState<string | null>(null);
  const submission = useSubmission('travel');

  async function submit() {
    setProblem(null);
    if (origin === null) return setProblem(zh.travel.missingOrigin);
    if (arrivedOn < departedOn) return setProblem(zh.travel.arrivalBeforeDeparture);
    const person = household.members.find((m) => m.personId === personId);
    const body = {
      originCode: origin,
      departedOn,
      arrivedOn,
      transport: { kind, ...(number.trim() ? { number: number.trim() } : {}) },
      companions: companions
        .split(/[,，、\s]+/)
        .map((c) => c.trim())
        .filter((c) => c !== ''),
      ...(note.trim() ? { note: note.trim() } : {}),
    };
    try {
      await submission.submit({ personId, body }, `${person?.name ?? ''} ${departedOn}→${arrivedOn}`);
    } catch (error) {
      setProblem(describeSubmitError(error, FIELD_LABELS));
    }
  }

  const { view } = submission;
  if (view.status === 'sent') {
    return (
      <View className="card" data-testid="travel-done">
        <Message kind="ok" text={view.synced ? zh.status.synced : zh.travel.done} testId="travel-status" />
        {view.answer.riskFlagged && <Message kind="warn" text={zh.travel.riskFlagged} testId="travel-risk" />}
        <ResultActions testId="travel" />
      </View>
    );
  }
  if (view.status !== 'idle') {
    return (
      <View className="card" data-testid="travel-done">
        <Message
          kind={viewTone(view)}
          text={
            view.status === 'failed'
              ? zh.outbox.failed(view.reason)
              : view.status === 'queued'
                ? zh.status.queued
                : zh.status.synced
          }
          testId="travel-status"
        />
        <ResultActions testId="travel" />
      </View>
    );
  }

  return (
    <View className="card">
      {household.members.length > 1 && (
        <Field label={zh.travel.who}>
          <Chips
            testId="travel-who"
            options={household.members.map((m) => ({ value: m.personId, label: m.name }))}
            selected={[personId]}
            onToggle={setPersonId}
          />
        </Field>
      )}
      <Field label={zh.travel.origin}>
        <RegionPicker value={origin} onChange={setOrigin} />
      </Field>
      <DateChoice
        label={zh.travel.departedOn}
        value={departedOn}
        onChange={setDepartedOn}
        testId="travel-departed"
      />
      <DateChoice
        label={zh.travel.arrivedOn}
        value={arrivedOn}
        onChange={setArrivedOn}
        testId="travel-arrived"
      />
      <Field label={zh.travel.transport}>
        <Chips
          testId="travel-transport"
          options={transportKindSchema.options.map((k) => ({ value: k, label: zh.transport[k] }))}
          selected={[kind]}
          onToggle={setKind}
        />
      </Field>
      <Field label={zh.travel.transportNumber} count={{ value: number, max: 20 }}>
        <Input
          className="input"
          data-testid="travel-number"
          maxlength={20}
          value={number}
          onInput={(e) => setNumber(e.detail.value)}
        />
      </Field>
      <Field label={zh.travel.companions} hint={zhResident.travel.companionsHint}>
        <Input
          className="input"
          data-testid="travel-companions"
          value={companions}
          onInput={(e) => setCompanions(e.detail.value)}
        />
      </Field>
      <Field label={zh.travel.note} count={{ value: note, max: 200 }}>
        <Textarea
          className="textarea"
          data-testid="travel-note"
          maxlength={200}
          value={note}
          onInput={(e) => setNote(e.detail.value)}
        />
      </Field>
      {problem && <Message kind="error" text={problem} testId="travel-problem" />}
      <SubmitButton
        label={zh.travel.submit}
        busy={submission.busy}
        onSubmit={() => void submit()}
        testId="travel-submit"
      />
    </View>
  );
}
