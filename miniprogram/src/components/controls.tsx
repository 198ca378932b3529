import { isFever, type Symptom, symptomSchema } from '@grid/shared';
import { Button, Input, Text, View } from '@tarojs/components';
import type { ReactNode } from 'react';
import { zh } from '../i18n/zh';

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

/** − [ 36.5 ] + with big buttons; the number can also be typed. */
export function TemperatureStepper(props: {
  value: string;
  onChange: (next: string) => void;
  testId?: string;
}) {
  const numeric = Number(props.value);
  const valid = props.value.trim() !== '' && Number.isFinite(numeric);
  const fever = valid && isFever(numeric);
  const step = (delta: number) => props.onChange(stepTemperature(valid ? numeric : 36.5, delta).toFixed(1));
  return (
    <View className={`stepper${fever ? ' stepper--fever' : ''}`} data-testid={props.testId}>
      <Button className="stepper__btn" data-testid={`${props.testId}-minus`} onClick={() => step(-1)}>
        −
      </Button>
      <Input
        className="stepper__value"
        type="digit"
        value={props.value}
        data-testid={`${props.testId}-input`}
        onInput={(e) => props.onChange(e.detail.value)}
      />
      <Button className="stepper__btn" data-testid={`${props.testId}-plus`} onClick={() => step(1)}>
        +
      </Button>
      {fever && <Text className="stepper__fever">{zh.checkin.feverMark}</Text>}
    </View>
  );
}

export function Field(props: { label: string; hint?: string; children: ReactNode }) {
  return (
    <View className="field">
      <Text className="field__label">{props.label}</Text>
      {props.children}
      {props.hint && <Text className="field__hint">{props.hint}</Text>}
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
