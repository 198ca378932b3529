import { type CreateHouseholdRequest, gridCodeSchema, type MemberInput } from '@grid/shared';
import { Button, Input, Text, Textarea, View } from '@tarojs/components';
import { useState } from 'react';
import { useSubmission } from '../hooks/submission';
import { zh } from '../i18n/zh';
import { zhResident } from '../i18n/zh-resident';
import { describeSubmitError } from '../services/field-errors';
import { Chips, Field, Message } from './controls';
import { emptyMember, type MemberDraft, MemberFields, memberInputOf } from './MemberFields';
import { SubmitButton } from './SubmitButton';

export type HouseholdFormResult =
  | { state: 'sent'; householdId: string; members: Array<{ personId: string; name: string }> }
  | { state: 'queued' };

/**
 * Address, grid and members, sent as one idempotent submission. A gridworker picks one of its
 * grids; a resident types the code (there is no grids-list API yet).
 */
export function HouseholdForm(props: {
  gridChoices?: readonly string[];
  onDone: (r: HouseholdFormResult) => void;
}) {
  const choices = props.gridChoices ?? [];
  const [address, setAddress] = useState('');
  const [gridCode, setGridCode] = useState(choices[0] ?? '');
  const [members, setMembers] = useState<MemberDraft[]>([emptyMember('self')]);
  const [problem, setProblem] = useState<string | null>(null);
  const submission = useSubmission('household');

  async function submit() {
    setProblem(null);
    if (address.trim().length < 2) return setProblem(zh.register.invalidAddress);
    if (!gridCodeSchema.safeParse(gridCode).success) return setProblem(zh.register.invalidGrid);
    const inputs: MemberInput[] = [];
    for (const [i, m] of members.entries()) {
      const checked = memberInputOf(m);
      if (!checked.ok) return setProblem(`${zh.register.member(i + 1)}：${checked.problem}`);
      inputs.push(checked.value);
    }
    const body: CreateHouseholdRequest = { address: address.trim(), gridCode, members: inputs };
    try {
      const result = await submission.submit({ body }, `${body.address}（${inputs.length} 人）`);
      if (result === undefined) return;
      props.onDone(
        result.state === 'sent'
          ? {
              state: 'sent',
              householdId: result.answer.householdId,
              members: result.answer.members.map((m) => ({ personId: m.personId, name: m.name })),
            }
          : { state: 'queued' },
      );
    } catch (error) {
      setProblem(
        describeSubmitError(error, {
          address: zh.register.address,
          gridCode: zh.register.gridCode,
          members: zhResident.register.membersLabel,
          name: zh.member.name,
          idNumber: zh.member.idNumber,
          phone: zh.member.phone,
          relation: zh.member.relation,
        }),
      );
    }
  }

  return (
    <View>
      <View className="card">
        <Field label={zh.register.address}>
          <Textarea
            className="textarea"
            maxlength={200}
            data-testid="household-address"
            placeholder={zh.register.addressPlaceholder}
            value={address}
            onInput={(e) => setAddress(e.detail.value)}
          />
        </Field>
        {choices.length > 0 ? (
          <Field label={zh.register.gridPick}>
            <Chips
              testId="household-grid"
              options={choices.map((g) => ({ value: g, label: g }))}
              selected={[gridCode]}
              onToggle={setGridCode}
            />
          </Field>
        ) : (
          <Field label={zh.register.gridCode} hint={zh.register.gridCodeHint}>
            <Input
              className="input"
              type="number"
              maxlength={15}
              data-testid="household-grid-code"
              placeholder={zh.register.gridCodePlaceholder}
              value={gridCode}
              onInput={(e) => setGridCode(e.detail.value.trim())}
            />
          </Field>
        )}
      </View>
      {members.map((m, i) => (
        // biome-ignore lint/suspicious/noArrayIndexKey: drafts have no id; rows are only appended or removed
        <View key={i} className="card">
          <View className="row">
            <Text className="card__title">{zh.register.member(i + 1)}</Text>
            {i > 0 && (
              <Button
                className="btn btn--small"
                onClick={() => setMembers(members.filter((_, j) => j !== i))}
              >
                {zh.register.removeMember}
              </Button>
            )}
          </View>
          <MemberFields
            testId={`household-member-${i}`}
            value={m}
            onChange={(next) => setMembers(members.map((x, j) => (j === i ? next : x)))}
          />
        </View>
      ))}
      <Button
        className="btn"
        data-testid="household-add-member"
        onClick={() => setMembers([...members, emptyMember('spouse')])}
      >
        {zh.register.addMember}
      </Button>
      {problem && <Message kind="error" text={problem} testId="household-problem" />}
      <SubmitButton
        label={zh.register.submit}
        busy={submission.busy}
        onSubmit={() => void submit()}
        testId="household-submit"
      />
    </View>
  );
}
