import { type Correction, type CorrectionField, correctionFieldSchema, type Household } from '@grid/shared';
import { Input, Text, Textarea, View } from '@tarojs/components';
import { useState } from 'react';
import { Chips, Field, Message } from '../../../components/controls';
import { PageShell } from '../../../components/PageShell';
import { SubmitButton } from '../../../components/SubmitButton';
import { shortTime } from '../../../data/supply';
import { useLoad } from '../../../hooks/stores';
import { useSubmission } from '../../../hooks/submission';
import { zhResident } from '../../../i18n/zh-resident';
import { getMyHousehold } from '../../../services/api';
import { listMyCorrections } from '../../../services/api-resident';
import { describeSubmitError } from '../../../services/field-errors';
import { loadWithCache } from '../../../services/offline-cache';
import '../../components/resident.scss';

const t = zhResident.privacy;
const PROPOSED_MAX = 100;
const REASON_MAX = 200;

async function load() {
  const [household, corrections] = await Promise.all([
    loadWithCache('household', getMyHousehold),
    listMyCorrections(),
  ]);
  return { household, corrections: corrections.items };
}

/** 申请更正: the household's requests with their outcome, and a new one. */
export default function CorrectionsPage() {
  const data = useLoad(load);
  const [formKey, setFormKey] = useState(0);
  // Kept here: a sent request clears the form by mounting a new one.
  const [sent, setSent] = useState(false);
  return (
    <PageShell
      title={t.corrections}
      loading={data.status === 'loading'}
      error={data.status === 'error' ? data.error : undefined}
      onRetry={data.reload}
    >
      {data.status === 'ready' && (
        <>
          <Message kind="info" text={t.correctionsHint} />
          {sent && <Message kind="ok" text={t.submitted} testId="correction-sent" />}
          <CorrectionForm
            key={formKey}
            household={data.data.household}
            onSent={() => {
              setSent(true);
              data.refresh();
              setFormKey((k) => k + 1);
            }}
          />
          <CorrectionList items={data.data.corrections} />
        </>
      )}
    </PageShell>
  );
}

function CorrectionList({ items }: { items: Correction[] }) {
  if (items.length === 0) {
    return (
      <View className="state" data-testid="corrections-empty">
        <Text className="state__text">{t.correctionsEmpty}</Text>
      </View>
    );
  }
  return (
    <View className="card">
      {items.map((c) => (
        <View
          key={c.correctionId}
          className="message-item"
          data-testid="correction-item"
          data-status={c.status}
        >
          <Text className="message-item__text">
            {`${c.personName}·${t.fields[c.field]}：${c.proposedValue}`}
            <Text
              className={`tag ${c.status === 'applied' ? 'tag--green' : c.status === 'rejected' ? 'tag--red' : 'tag--orange'}`}
            >
              {t.status[c.status]}
            </Text>
          </Text>
          <Text className="muted">{`${shortTime(c.requestedAt)}　${c.reason}`}</Text>
          {c.resolution && <Text className="muted">{t.resolution(c.resolution.note)}</Text>}
        </View>
      ))}
    </View>
  );
}

function CorrectionForm(props: { household: Household; onSent: () => void }) {
  const members = props.household.members;
  const [personId, setPersonId] = useState(members[0]?.personId ?? '');
  const [field, setField] = useState<CorrectionField>('name');
  const [proposed, setProposed] = useState('');
  const [reason, setReason] = useState('');
  const [problem, setProblem] = useState<string | null>(null);
  const submission = useSubmission('correction');

  async function submit() {
    setProblem(null);
    if (proposed.trim() === '') return setProblem(t.missingProposed);
    if (reason.trim().length < 2) return setProblem(t.missingReason);
    const name = members.find((m) => m.personId === personId)?.name ?? '';
    try {
      const result = await submission.submit(
        { body: { personId, field, proposedValue: proposed.trim(), reason: reason.trim() } },
        `${name}·${t.fields[field]}`,
      );
      // Sent or kept in the outbox (待同步): either way this request is on its way.
      if (result) props.onSent();
    } catch (error) {
      setProblem(
        describeSubmitError(error, {
          personId: t.who,
          field: t.field,
          proposedValue: t.proposed,
          reason: t.reasonLabel,
        }),
      );
    }
  }

  return (
    <View className="card" data-testid="correction-form">
      <Text className="card__title">{t.newCorrection}</Text>
      <Field label={t.who}>
        <Chips
          testId="correction-who"
          options={members.map((m) => ({ value: m.personId, label: m.name }))}
          selected={[personId]}
          onToggle={setPersonId}
        />
      </Field>
      <Field label={t.field}>
        <Chips
          testId="correction-field"
          options={correctionFieldSchema.options.map((f) => ({ value: f, label: t.fields[f] }))}
          selected={[field]}
          onToggle={setField}
        />
      </Field>
      <Field label={t.proposed} count={{ value: proposed, max: PROPOSED_MAX }}>
        <Input
          className="input"
          data-testid="correction-proposed"
          maxlength={PROPOSED_MAX}
          placeholder={t.proposedPlaceholder}
          value={proposed}
          onInput={(e) => setProposed(e.detail.value)}
        />
      </Field>
      <Field label={t.reasonLabel} count={{ value: reason, max: REASON_MAX }}>
        <Textarea
          className="textarea"
          data-testid="correction-reason"
          maxlength={REASON_MAX}
          placeholder={t.reasonPlaceholder}
          value={reason}
          onInput={(e) => setReason(e.detail.value)}
        />
      </Field>
      {problem && <Message kind="error" text={problem} testId="correction-problem" />}
      <SubmitButton
        label={t.newCorrection}
        busy={submission.busy}
        onSubmit={() => void submit()}
        testId="correction-submit"
      />
    </View>
  );
}
