import { idNumberSchema, type MemberInput, phoneSchema, type Relation, relationSchema } from '@grid/shared';
import { Input, View } from '@tarojs/components';
import { zh } from '../i18n/zh';
import { Chips, Field } from './controls';

export interface MemberDraft {
  name: string;
  relation: Relation;
  idNumber: string;
  phone: string;
}

export const emptyMember = (relation: Relation = 'self'): MemberDraft => ({
  name: '',
  relation,
  idNumber: '',
  phone: '',
});

const RELATION_OPTIONS = relationSchema.options.map((r) => ({ value: r, label: zh.relations[r] }));

/** Checks a draft with the shared rules; answers the message to show, or the API body. */
export function memberInputOf(
  d: MemberDraft,
): { ok: true; value: MemberInput } | { ok: false; problem: string } {
  if (d.name.trim() === '') return { ok: false, problem: zh.member.invalidName };
  const id = idNumberSchema.safeParse(d.idNumber);
  if (!id.success) return { ok: false, problem: zh.member.invalidId };
  let phone: string | undefined;
  if (d.phone.trim() !== '') {
    const p = phoneSchema.safeParse(d.phone);
    if (!p.success) return { ok: false, problem: zh.member.invalidPhone };
    phone = p.data;
  }
  return {
    ok: true,
    value: { name: d.name.trim(), relation: d.relation, idNumber: id.data, ...(phone ? { phone } : {}) },
  };
}

export function MemberFields(props: {
  value: MemberDraft;
  onChange: (next: MemberDraft) => void;
  testId: string;
  /** An existing member's ID number cannot be changed. */
  withIdNumber?: boolean;
}) {
  const { value, onChange, testId } = props;
  return (
    <View data-testid={testId}>
      <Field label={zh.member.name}>
        <Input
          className="input"
          maxlength={30}
          data-testid={`${testId}-name`}
          value={value.name}
          onInput={(e) => onChange({ ...value, name: e.detail.value })}
        />
      </Field>
      <Field label={zh.member.relation}>
        <Chips
          testId={`${testId}-relation`}
          options={RELATION_OPTIONS}
          selected={[value.relation]}
          onToggle={(relation) => onChange({ ...value, relation })}
        />
      </Field>
      {props.withIdNumber !== false && (
        <Field label={zh.member.idNumber}>
          <Input
            className="input"
            type="idcard"
            maxlength={18}
            data-testid={`${testId}-id`}
            value={value.idNumber}
            onInput={(e) => onChange({ ...value, idNumber: e.detail.value })}
          />
        </Field>
      )}
      <Field label={zh.member.phone}>
        <Input
          className="input"
          type="number"
          maxlength={11}
          data-testid={`${testId}-phone`}
          value={value.phone}
          onInput={(e) => onChange({ ...value, phone: e.detail.value })}
        />
      </Field>
    </View>
  );
}
