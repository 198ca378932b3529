import { type Household, SUPPLY_KIND_LABELS, SUPPLY_UNIT_LABELS, type SupplyKind } from '@grid/shared';
import { Button, Input, Text, Textarea, View } from '@tarojs/components';
import { useState } from 'react';
import { Chips, Field, Message } from '../../../components/controls';
import { PageShell } from '../../../components/PageShell';
import { ResultActions } from '../../../components/ResultActions';
import { SubmitButton } from '../../../components/SubmitButton';
import { SubscribePrompt } from '../../../components/SubscribePrompt';
import { describeSupplyItems } from '../../../data/supply';
import { useLoad } from '../../../hooks/stores';
import { useSubmission, viewTone } from '../../../hooks/submission';
import { zh } from '../../../i18n/zh';
import { getMyHousehold } from '../../../services/api';
import { describeSubmitError } from '../../../services/field-errors';
import { loadWithCache } from '../../../services/offline-cache';
import {
  buildSupplyRequest,
  CATALOGUE,
  DELIVERY_WINDOWS,
  type DeliveryDay,
  type DeliveryWindow,
  defaultLine,
  emptyDraft,
  type SupplyDraft,
  windowEnded,
} from '../../components/supply-form';
import '../../components/resident.scss';

export default function SupplyNewPage() {
  const household = useLoad(() => loadWithCache('household', getMyHousehold));
  return (
    <PageShell
      title={zh.supply.newRequest}
      loading={household.status === 'loading'}
      error={household.status === 'error' ? household.error : undefined}
      onRetry={household.reload}
    >
      {household.status === 'ready' && <SupplyForm household={household.data} />}
    </PageShell>
  );
}

/** 物资申请: catalogue chips with quantities, medicine with its prescription, free text, a time window. */
export function SupplyForm({ household, now = new Date() }: { household: Household; now?: Date }) {
  const [draft, setDraft] = useState<SupplyDraft>(emptyDraft);
  const [problem, setProblem] = useState<string | null>(null);
  const submission = useSubmission('supply');
  const picked = Object.keys(draft.lines) as SupplyKind[];
  const update = (change: Partial<SupplyDraft>) => setDraft((d) => ({ ...d, ...change }));

  function toggle(kind: SupplyKind) {
    setDraft((d) => {
      const lines = { ...d.lines };
      if (lines[kind]) delete lines[kind];
      else lines[kind] = defaultLine(kind);
      return { ...d, lines };
    });
  }

  function setQuantity(kind: SupplyKind, delta: number) {
    setDraft((d) => {
      const line = d.lines[kind];
      if (!line) return d;
      const quantity = Math.min(99, Math.max(1, line.quantity + delta));
      return { ...d, lines: { ...d.lines, [kind]: { ...line, quantity } } };
    });
  }

  async function submit() {
    const built = buildSupplyRequest(draft, new Date());
    if (!built.ok) return setProblem(built.problem);
    setProblem(null);
    try {
      await submission.submit(
        { householdId: household.householdId, body: built.body },
        describeSupplyItems(built.body.items),
      );
    } catch (error) {
      setProblem(
        describeSubmitError(error, {
          items: zh.supply.catalogue,
          note: zh.supply.note,
          deliveryWindow: zh.supply.when,
        }),
      );
    }
  }

  const { view } = submission;
  if (view.status !== 'idle') {
    const text =
      view.status === 'queued'
        ? zh.supply.queued
        : view.status === 'failed'
          ? zh.outbox.failed(view.reason)
          : zh.supply.submitted;
    return (
      <View>
        <Message kind={viewTone(view)} text={text} testId="supply-new-status" />
        <SubscribePrompt templates={['supplyStatus']} reason={zh.subscribe.afterSupply} />
        <ResultActions testId="supply-new" />
      </View>
    );
  }

  return (
    <View>
      <View className="card">
        <Field label={zh.supply.catalogue}>
          <Chips
            testId="supply-kind"
            options={CATALOGUE.map((c) => ({ value: c.kind, label: SUPPLY_KIND_LABELS[c.kind] }))}
            selected={picked}
            onToggle={toggle}
          />
        </Field>
      </View>
      {picked.map((kind) => {
        const line = draft.lines[kind]!;
        const units = CATALOGUE.find((c) => c.kind === kind)?.units ?? [];
        return (
          <View key={kind} className="card supply-line" data-testid={`supply-line-${kind}`}>
            <View className="row">
              <Text className="supply-line__name">{SUPPLY_KIND_LABELS[kind]}</Text>
              <View className="qty">
                <Button
                  className="qty__btn"
                  data-testid={`supply-line-${kind}-minus`}
                  onClick={() => setQuantity(kind, -1)}
                >
                  −
                </Button>
                <Text className="qty__value" data-testid={`supply-line-${kind}-qty`}>
                  {String(line.quantity)}
                </Text>
                <Button
                  className="qty__btn"
                  data-testid={`supply-line-${kind}-plus`}
                  onClick={() => setQuantity(kind, 1)}
                >
                  +
                </Button>
              </View>
            </View>
            {units.length > 1 && (
              <Chips
                testId={`supply-line-${kind}-unit`}
                options={units.map((u) => ({ value: u, label: SUPPLY_UNIT_LABELS[u] }))}
                selected={[line.unit]}
                onToggle={(unit) =>
                  setDraft((d) => ({ ...d, lines: { ...d.lines, [kind]: { ...line, unit } } }))
                }
              />
            )}
            {kind === 'medicine' && (
              <>
                <Field label={zh.supply.medicineName} count={{ value: draft.medicineName, max: 50 }}>
                  <Input
                    className="input"
                    data-testid="supply-medicine-name"
                    maxlength={50}
                    placeholder={zh.supply.medicineNamePlaceholder}
                    value={draft.medicineName}
                    onInput={(e) => update({ medicineName: e.detail.value })}
                  />
                </Field>
                <Field label={zh.supply.prescription} count={{ value: draft.prescriptionNote, max: 200 }}>
                  <Textarea
                    className="textarea"
                    data-testid="supply-prescription"
                    maxlength={200}
                    placeholder={zh.supply.prescriptionPlaceholder}
                    value={draft.prescriptionNote}
                    onInput={(e) => update({ prescriptionNote: e.detail.value })}
                  />
                </Field>
              </>
            )}
            {kind === 'other' && (
              <Field label={zh.supply.otherDescription} count={{ value: draft.otherDescription, max: 100 }}>
                <Input
                  className="input"
                  data-testid="supply-other"
                  maxlength={100}
                  placeholder={zh.supply.otherPlaceholder}
                  value={draft.otherDescription}
                  onInput={(e) => update({ otherDescription: e.detail.value })}
                />
              </Field>
            )}
          </View>
        );
      })}
      <View className="card">
        <Field label={zh.supply.when}>
          <Chips
            testId="supply-when"
            options={[
              { value: 'any', label: zh.supply.whenAny },
              ...(['today', 'tomorrow'] as const).flatMap((day) =>
                (Object.keys(DELIVERY_WINDOWS) as DeliveryWindow[])
                  .filter((w) => !windowEnded(day, w, now))
                  .map((w) => ({
                    value: `${day}-${w}`,
                    label: `${zh.supply.days[day]}${zh.supply.windows[w]}`,
                  })),
              ),
            ]}
            selected={[draft.when ? `${draft.when.day}-${draft.when.window}` : 'any']}
            onToggle={(value) => {
              if (value === 'any') return update({ when: null });
              const [day, window] = value.split('-') as [DeliveryDay, DeliveryWindow];
              update({ when: { day, window } });
            }}
          />
        </Field>
        <Field label={zh.supply.note} count={{ value: draft.note, max: 200 }}>
          <Textarea
            className="textarea"
            data-testid="supply-note"
            maxlength={200}
            value={draft.note}
            onInput={(e) => update({ note: e.detail.value })}
          />
        </Field>
      </View>
      {problem && <Message kind="error" text={problem} testId="supply-problem" />}
      <SubmitButton
        label={zh.supply.submit}
        busy={submission.busy}
        onSubmit={() => void submit()}
        testId="supply-submit"
      />
    </View>
  );
}
