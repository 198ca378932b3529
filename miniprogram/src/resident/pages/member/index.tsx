import { type Person, phoneSchema } from '@grid/shared';
import { View } from '@tarojs/components';
import Taro, { useRouter } from '@tarojs/taro';
import { useState } from 'react';
import { Message } from '../../../components/controls';
import { emptyMember, type MemberDraft, MemberFields, memberInputOf } from '../../../components/MemberFields';
import { PageShell } from '../../../components/PageShell';
import { SubmitButton } from '../../../components/SubmitButton';
import { useLoad } from '../../../hooks/stores';
import { useSubmission, useSubmitGuard } from '../../../hooks/submission';
import { zh } from '../../../i18n/zh';
import { getMyHousehold, updateMember } from '../../../services/api';
import { describeSubmitError } from '../../../services/field-errors';
import { ApiError } from '../../../services/http';
import { loadWithCache } from '../../../services/offline-cache';

/** Adds a member (no personId) or edits one, sending the version read so a concurrent edit is refused. */
export default function MemberPage() {
  const { householdId = '', personId } = useRouter().params;
  const household = useLoad(() => loadWithCache('household', getMyHousehold));
  const [notice, setNotice] = useState<string | null>(null);
  const person =
    household.status === 'ready' ? household.data.members.find((m) => m.personId === personId) : undefined;
  return (
    <PageShell
      title={personId ? zh.member.editTitle : zh.member.addTitle}
      loading={household.status === 'loading'}
      error={household.status === 'error' ? household.error : undefined}
      onRetry={household.reload}
    >
      {notice && <Message kind="error" text={notice} testId="member-notice" />}
      {household.status === 'ready' && (
        <MemberForm
          key={person ? `${person.personId}:${person.version}` : 'new'}
          householdId={householdId}
          person={person}
          onConflict={(text) => {
            setNotice(text);
            household.reload();
          }}
        />
      )}
    </PageShell>
  );
}

function MemberForm(props: { householdId: string; person?: Person; onConflict: (message: string) => void }) {
  const { person } = props;
  const [draft, setDraft] = useState<MemberDraft>(
    person ? { name: person.name, relation: person.relation, idNumber: '', phone: '' } : emptyMember('child'),
  );
  const [message, setMessage] = useState<{ kind: 'ok' | 'error'; text: string } | null>(null);
  const guard = useSubmitGuard();
  // Adding goes through the outbox: one key from the first tap, so a double tap, a retry and an
  // offline replay add one member. An edit sends the version read and needs signal.
  const adding = useSubmission('member');

  const edit = (current: Person) =>
    guard.run(async () => {
      const phone = draft.phone.trim();
      if (phone !== '' && !phoneSchema.safeParse(phone).success) {
        return setMessage({ kind: 'error', text: zh.member.invalidPhone });
      }
      if (draft.name.trim() === '') return setMessage({ kind: 'error', text: zh.member.invalidName });
      await updateMember(props.householdId, current.personId, {
        name: draft.name.trim(),
        relation: draft.relation,
        ...(phone !== '' ? { phone } : {}),
        version: current.version,
      });
      return true;
    });

  const add = async () => {
    const checked = memberInputOf(draft);
    if (!checked.ok) return setMessage({ kind: 'error', text: checked.problem });
    const result = await adding.submit(
      { householdId: props.householdId, body: checked.value },
      checked.value.name,
    );
    if (result?.state === 'queued') setMessage({ kind: 'ok', text: zh.member.queued });
    return result?.state === 'sent';
  };

  const save = async () => {
    setMessage(null);
    try {
      if (!(await (person ? edit(person) : add()))) return;
      setMessage({ kind: 'ok', text: zh.member.saved });
      void Taro.navigateBack();
    } catch (error) {
      // Someone else saved first: reload their version into the form and say so.
      if (error instanceof ApiError && error.code === 'VERSION_CONFLICT') props.onConflict(error.message);
      else
        setMessage({
          kind: 'error',
          text: describeSubmitError(error, {
            name: zh.member.name,
            idNumber: zh.member.idNumber,
            phone: zh.member.phone,
            relation: zh.member.relation,
          }),
        });
    }
  };

  return (
    <View className="card">
      <MemberFields testId="member" value={draft} onChange={setDraft} withIdNumber={!person} />
      {message && <Message kind={message.kind} text={message.text} testId="member-message" />}
      <SubmitButton
        label={zh.member.save}
        busy={guard.busy || adding.busy}
        onSubmit={() => void save()}
        testId="member-save"
      />
    </View>
  );
}
