import { Button, Input, Text, Textarea, View } from '@tarojs/components';
import { useState } from 'react';
import { Field, Message } from '../../../components/controls';
import { PageShell } from '../../../components/PageShell';
import { shortTime } from '../../../data/supply';
import { useLoad } from '../../../hooks/stores';
import { zhStaff } from '../../../i18n/zh-staff';
import { getRiskAreas } from '../../../services/api';
import { putRiskAreas } from '../../../services/api-staff';
import { describeError } from '../../../services/http';
import '../../centre.scss';

const t = zhStaff.riskAreas;

/** 风险地区 (city admin): the list travel declarations are checked against; replaced as a whole. */
export default function RiskAreasPage() {
  const current = useLoad(getRiskAreas);
  const [codes, setCodes] = useState<string | null>(null);
  const [note, setNote] = useState('');
  const [busy, setBusy] = useState(false);
  const [status, setStatus] = useState<{ kind: 'ok' | 'error'; text: string } | null>(null);
  const shown = codes ?? (current.status === 'ready' ? current.data.codes.join(' ') : '');

  async function save() {
    setBusy(true);
    setStatus(null);
    try {
      const list = shown.split(/[\s,，、]+/).filter((c) => c !== '');
      await putRiskAreas(list, note.trim() || undefined);
      setStatus({ kind: 'ok', text: t.saved });
      setCodes(null);
      current.refresh();
    } catch (error) {
      setStatus({ kind: 'error', text: describeError(error) });
    } finally {
      setBusy(false);
    }
  }

  return (
    <PageShell
      title={t.title}
      loading={current.status === 'loading'}
      error={current.status === 'error' ? current.error : undefined}
      onRetry={current.reload}
    >
      {current.status === 'ready' && (
        <View className="card" data-testid="risk-current">
          <Text className="card__title">{t.current}</Text>
          <Text className="risk-codes" data-testid="risk-codes">
            {current.data.codes.length === 0 ? t.empty : current.data.codes.join('、')}
          </Text>
          {current.data.note && (
            <View>
              <Text className="muted">{current.data.note}</Text>
            </View>
          )}
          {current.data.updatedAt && (
            <View>
              <Text className="muted">{t.updated(shortTime(current.data.updatedAt))}</Text>
            </View>
          )}
        </View>
      )}
      <View className="card">
        <Field label={t.codes}>
          <Textarea
            className="textarea"
            data-testid="risk-input"
            value={shown}
            onInput={(e) => setCodes(e.detail.value)}
          />
        </Field>
        <Field label={t.note}>
          <Input
            className="input"
            data-testid="risk-note"
            value={note}
            onInput={(e) => setNote(e.detail.value)}
          />
        </Field>
        <Button
          className="btn btn--primary"
          data-testid="risk-save"
          disabled={busy || undefined}
          onClick={() => void save()}
        >
          {t.save}
        </Button>
        {status && <Message kind={status.kind} text={status.text} testId="risk-status" />}
      </View>
    </PageShell>
  );
}
