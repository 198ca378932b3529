import { type EntryPerson, formatPlate, localDate } from '@grid/shared';
import { Button, Input, Text, View } from '@tarojs/components';
import Taro, { useDidShow, useRouter } from '@tarojs/taro';
import { useEffect, useState } from 'react';
import { Chips, Field, Message } from '../../../components/controls';
import { PageShell } from '../../../components/PageShell';
import { useLoad, useOutbox } from '../../../hooks/stores';
import { zhCheckpoints } from '../../../i18n/zh-checkpoints';
import { ROUTES, withQuery } from '../../../routes';
import { getCheckpoint, getCheckpointFigures } from '../../../services/api-checkpoints';
import { loadWithCache } from '../../../services/offline-cache';
import { FiguresCard } from '../../checkpoint/FiguresCard';
import { type GateExtras, useGateLog } from '../../checkpoint/gate-log';
import { TurnBackForm, VisitorForm } from '../../checkpoint/OutsiderForms';
import '../../checkpoint/checkpoint.scss';
import '../../gridworker.scss';

const t = zhCheckpoints.log;
const DIRECTIONS = [
  { value: 'in' as const, label: t.in },
  { value: 'out' as const, label: t.out },
];

/** The gate's screen: direction, plate, temperature, then one big tap per person. Works offline. */
export default function CheckpointLogPage() {
  const { checkpointId = '' } = useRouter().params;
  const today = localDate(new Date());
  const checkpoint = useLoad(
    () => loadWithCache(`checkpoint:${checkpointId}`, () => getCheckpoint(checkpointId)),
    checkpointId,
  );
  const [stale, setStale] = useState(false);
  const figures = useLoad(async () => {
    let fresh = false;
    const data = await loadWithCache(`figures:${checkpointId}:${today}`, async () => {
      const answer = await getCheckpointFigures(checkpointId, today);
      fresh = true;
      return answer;
    });
    setStale(!fresh);
    return data;
  }, `${checkpointId}:${today}`);
  const outbox = useOutbox();
  const waiting = outbox.items.filter((i) => i.submission.kind === 'entry').length;
  // Fresh figures once what waited has gone through.
  // biome-ignore lint/correctness/useExhaustiveDependencies: refresh when the queue changes
  useEffect(() => figures.refresh(), [waiting]);
  useDidShow(() => figures.refresh());

  const [extras, setExtras] = useState<GateExtras>({ direction: 'in', plate: '', temperature: '' });
  const [form, setForm] = useState<'none' | 'turnBack' | 'visitor'>('none');
  const gate = useGateLog(checkpointId, () => figures.refresh());
  const log = async (person: EntryPerson, label: string) => {
    const plate = extras.plate.trim() ? ` ${formatPlate(extras.plate)}` : '';
    if (await gate.log(person, extras, `${label}${plate}`)) {
      setExtras((e) => ({ ...e, plate: '', temperature: '' }));
      setForm('none');
    }
  };

  const name = checkpoint.status === 'ready' ? checkpoint.data.name : t.title;
  return (
    <PageShell
      title={name}
      loading={checkpoint.status === 'loading'}
      error={checkpoint.status === 'error' ? checkpoint.error : undefined}
      onRetry={checkpoint.reload}
    >
      <View className="card">
        <Field label={t.direction}>
          <View className="direction">
            <Chips
              options={DIRECTIONS}
              selected={[extras.direction]}
              onToggle={(direction) => setExtras((e) => ({ ...e, direction }))}
              testId="gate-direction"
            />
          </View>
        </Field>
        <Field label={t.plate}>
          <Input
            className="gate-input"
            maxlength={12}
            placeholder={t.platePlaceholder}
            value={extras.plate}
            data-testid="gate-plate"
            onInput={(e) => setExtras((x) => ({ ...x, plate: e.detail.value }))}
          />
        </Field>
        <Field label={t.temperature}>
          <Input
            className="gate-input"
            type={process.env.TARO_ENV === 'h5' ? 'text' : 'digit'}
            maxlength={5}
            placeholder={t.temperaturePlaceholder}
            value={extras.temperature}
            data-testid="gate-temperature"
            onInput={(e) => setExtras((x) => ({ ...x, temperature: e.detail.value }))}
          />
        </Field>
      </View>
      {gate.problem && <Message kind="error" text={gate.problem} testId="gate-problem" />}
      {form === 'none' && (
        <View className="gate-buttons">
          <Button
            className="btn btn--pass"
            data-testid="gate-resident"
            disabled={gate.busy || undefined}
            onClick={() =>
              void log({ kind: 'resident' }, t.labelResident(extras.direction === 'in' ? t.in : t.out))
            }
          >
            {t.resident}
          </Button>
          <Button
            className="btn btn--turn-back"
            data-testid="gate-turn-back"
            onClick={() => setForm('turnBack')}
          >
            {t.turnBack}
          </Button>
          <Button className="btn btn--primary" data-testid="gate-visitor" onClick={() => setForm('visitor')}>
            {t.visitor}
          </Button>
          <Button
            className="btn"
            data-testid="gate-scan"
            onClick={() => void Taro.navigateTo({ url: withQuery(ROUTES.checkpointScan, { checkpointId }) })}
          >
            {t.scan}
          </Button>
        </View>
      )}
      {form === 'turnBack' && (
        <TurnBackForm busy={gate.busy} onSubmit={(p, l) => void log(p, l)} onCancel={() => setForm('none')} />
      )}
      {form === 'visitor' && (
        <VisitorForm busy={gate.busy} onSubmit={(p, l) => void log(p, l)} onCancel={() => setForm('none')} />
      )}
      <View className="card" data-testid="gate-recent">
        <Text className="card__title">{t.recent}</Text>
        {gate.recent.length === 0 && <Text className="muted">{t.noneYet}</Text>}
        {gate.recent.map((e) => {
          const queued = outbox.items.some((i) => i.submission.idempotencyKey === e.idempotencyKey);
          return (
            <View key={e.idempotencyKey} className="recent-entry" data-testid="gate-recent-entry">
              <Text>{e.label}</Text>
              <Text className="muted" data-testid="gate-recent-state">
                {queued ? t.queued : t.logged}
              </Text>
            </View>
          );
        })}
      </View>
      <FiguresCard figures={figures.status === 'ready' ? figures.data : null} stale={stale} />
    </PageShell>
  );
}
