import type { BoardEntry } from '@grid/shared';
import { addDays } from '@grid/shared';
import { Button, Input, Text, View } from '@tarojs/components';
import { useState } from 'react';
import { Chips, Field, Message } from '../../components/controls';
import { zhStaff } from '../../i18n/zh-staff';
import { changeQuarantine, getQuarantine } from '../../services/api-staff';
import { describeError } from '../../services/http';

type Action = 'extend' | 'release' | 'transfer';
const t = zhStaff.quarantine;

/**
 * Extend, release or transfer a quarantine from the board. The current version is read first and
 * sent with the change, so a change someone else made meanwhile answers 409 instead of being lost.
 */
export function QuarantineChange(props: { entry: BoardEntry; onClose: () => void; onChanged: () => void }) {
  const [action, setAction] = useState<Action>('extend');
  const [until, setUntil] = useState(addDays(props.entry.plannedEndDate, 7));
  const [to, setTo] = useState<'centralized' | 'hospital'>('centralized');
  const [note, setNote] = useState('');
  const [busy, setBusy] = useState(false);
  const [status, setStatus] = useState<{ kind: 'ok' | 'error'; text: string } | null>(null);

  async function submit() {
    if (action === 'release' && note.trim() === '') return setStatus({ kind: 'error', text: t.noteRequired });
    setBusy(true);
    setStatus(null);
    try {
      const { version } = await getQuarantine(props.entry.quarantineId);
      const extra = note.trim() ? { note: note.trim() } : {};
      await changeQuarantine(
        props.entry.quarantineId,
        action === 'extend'
          ? { action, plannedEndDate: until, version, ...extra }
          : action === 'release'
            ? { action, note: note.trim(), version }
            : { action, to, version, ...extra },
      );
      setStatus({ kind: 'ok', text: t.done[action] });
      props.onChanged();
    } catch (error) {
      setStatus({ kind: 'error', text: describeError(error) });
    } finally {
      setBusy(false);
    }
  }

  return (
    <View className="board-row__form" data-testid="qchange-form">
      <Chips
        testId="qchange-action"
        options={(['extend', 'release', 'transfer'] as const).map((a) => ({ value: a, label: t[a] }))}
        selected={[action]}
        onToggle={setAction}
      />
      {action === 'extend' && (
        <Field label={t.extendTo}>
          <Input
            className="input"
            data-testid="qchange-until"
            value={until}
            onInput={(e) => setUntil(e.detail.value)}
          />
        </Field>
      )}
      {action === 'transfer' && (
        <Chips
          testId="qchange-to"
          options={(['centralized', 'hospital'] as const).map((d) => ({ value: d, label: t.transferTo[d] }))}
          selected={[to]}
          onToggle={setTo}
        />
      )}
      <Field label={t.note}>
        <Input
          className="input"
          data-testid="qchange-note"
          value={note}
          onInput={(e) => setNote(e.detail.value)}
        />
      </Field>
      {status && <Message kind={status.kind} text={status.text} testId="qchange-status" />}
      <View className="actions">
        <Button className="btn btn--small" onClick={props.onClose}>
          <Text>{t.cancel}</Text>
        </Button>
        <Button
          className="btn btn--small btn--primary"
          data-testid="qchange-submit"
          disabled={busy || undefined}
          onClick={() => void submit()}
        >
          {t.submit}
        </Button>
      </View>
    </View>
  );
}
