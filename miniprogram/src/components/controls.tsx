import { type Symptom, symptomSchema } from '@grid/shared';
import { Button, Input, Text, View } from '@tarojs/components';
import type { ReactNode } from 'react';
import { zh } from '../i18n/zh';
import { zhResident } from '../i18n/zh-resident';
import { readTemperature } from './temperature';

export interface ChipOption<T extends string> {
  value: T;
  label: string;
}

/** Big tappable choices: one (value) or several (values). */
export function Chips<T extends string>(props: {
  options: readonly ChipOption<T>[];
  selected: readonly T[];
  onToggle: (value: T) => void;
  testId?: string;
}) {
  return (
    <View className="chips" data-testid={props.testId}>
      {props.options.map((o) => {
        const on = props.selected.includes(o.value);
        return (
          <View
            key={o.value}
            className={`chip${on ? ' chip--on' : ''}`}
            data-testid={props.testId ? `${props.testId}-${o.value}` : undefined}
            data-selected={on ? 'true' : 'false'}
            onClick={() => props.onToggle(o.value)}
          >
            <Text>{o.label}</Text>
          </View>
        );
      })}
    </View>
  );
}

const SYMPTOM_OPTIONS = symptomSchema.options.map((s) => ({ value: s, label: zh.symptoms[s] }));

export function SymptomChips(props: {
  value: readonly Symptom[];
  onChange: (next: Symptom[]) => void;
  testId?: string;
}) {
  return (
    <Chips
      options={SYMPTOM_OPTIONS}
      selected={props.value}
      testId={props.testId}
      onToggle={(s) =>
        props.onChange(props.value.includes(s) ? props.value.filter((x) => x !== s) : [...props.value, s])
      }
    />
  );
}

/** Tenths of a degree, so 36.5 + 0.1 stays 36.6 and never 36.599999. */
export function stepTemperature(value: number, deltaTenths: number): number {
  const tenths = Math.round(value * 10) + deltaTenths;
  return Math.min(420, Math.max(350, tenths)) / 10;
}

/**
 * − [    ] + with big buttons. Starts empty: one tap must not send an unmeasured value. The first
 * − or + starts from `startFrom` (the member's last reading, shown beside it) or 36.5. Typing
 * accepts comma decimals; a sign, a non-number or a value out of range shows why, never 发热.
 */
export function TemperatureStepper(props: {
  value: string;
  onChange: (next: string) => void;
  testId?: string;
  startFrom?: number | null;
}) {
  const reading = readTemperature(props.value);
  const fever = reading.state === 'ok' && reading.fever;
  const base = reading.state === 'ok' ? reading.value : (props.startFrom ?? 36.5);
  const step = (delta: number) =>
    props.onChange(stepTemperature(base, reading.state === 'ok' ? delta : 0).toFixed(1));
  const problem =
    reading.state === 'sign' || reading.state === 'invalid' || reading.state === 'range'
      ? zhResident.temperature[reading.state]
      : null;
  return (
    <View>
      <View className={`stepper${fever ? ' stepper--fever' : ''}`} data-testid={props.testId}>
        <Button className="stepper__btn" data-testid={`${props.testId}-minus`} onClick={() => step(-1)}>
          −
        </Button>
        <Input
          className="stepper__value"
          // h5: a text field, so "36,8" arrives as typed (a number field drops the comma).
          type={process.env.TARO_ENV === 'h5' ? 'text' : 'digit'}
          maxlength={5}
          placeholder={zhResident.temperature.placeholder}
          value={props.value}
          data-testid={`${props.testId}-input`}
          onInput={(e) => props.onChange(e.detail.value)}
        />
        <Button className="stepper__btn" data-testid={`${props.testId}-plus`} onClick={() => step(1)}>
          +
        </Button>
        {fever && <Text className="stepper__fever">{zh.checkin.feverMark}</Text>}
      </View>
      {problem && (
        <Text className="field__error" data-testid={`${props.testId}-problem`}>
          {problem}
        </Text>
      )}
      {reading.state === 'empty' && props.startFrom != null && (
        <Text className="field__hint" data-testid={`${props.testId}-last`}>
          {zhResident.temperature.last(props.startFrom.toFixed(1))}
        </Text>
      )}
    </View>
  );
}

/** `count`: what is typed and the field's limit, shown as 12/30 (in warning colour at the limit). */
export function Field(props: {
  label: string;
  hint?: string;
  count?: { value: string; max: number };
  children: ReactNode;
}) {
  const { count } = props;
  return (
    <View className="field">
      <Text className="field__label">{props.label}</Text>
      {props.children}
      {props.hint && <Text className="field__hint">{props.hint}</Text>}
      {count && (
        <Text
          className={`field__count${count.value.length >= count.max ? ' field__count--full' : ''}`}
          data-testid="field-count"
        >
          {`${count.value.length}/${count.max}`}
        </Text>
      )}
    </View>
  );
}

export function Message(props: { kind: 'info' | 'error' | 'ok' | 'warn'; text: string; testId?: string }) {
  return (
    <View className={`message message--${props.kind}`} data-testid={props.testId}>
      <Text>{props.text}</Text>
    </View>
  );
}
