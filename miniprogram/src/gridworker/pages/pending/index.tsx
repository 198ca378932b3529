import type { PendingItem, SubmissionType } from '@grid/shared';
import { Button, Text, Textarea, View } from '@tarojs/components';
import Taro, { useRouter } from '@tarojs/taro';
import { useCallback, useEffect, useState } from 'react';
import { Chips, Field, Message } from '../../../components/controls';
import { PageShell } from '../../../components/PageShell';
import { useSession } from '../../../hooks/stores';
import { zh } from '../../../i18n/zh';
import { getGridPending, getPersonContact, verifySubmission } from '../../../services/api';
import { describeError } from '../../../services/http';
import { regions } from '../../data/regions';
import '../../gridworker.scss';

type Method = 'phone' | 'visit' | 'wechat';
type Decision = 'confirmed' | 'rejected';

interface ListState {
  items: PendingItem[];
  cursor: string | null;
  loading: boolean;
  error: unknown;
}

/** 待核实: a grid's unverified check-ins and travel declarations, oldest first; confirm or reject each. */
export default function PendingPage() {
  const session = useSession();
  const fromRoute = useRouter().params.grid;
  const grids = fromRoute ? [fromRoute] : (session?.user.scopes ?? []);
  const [grid, setGrid] = useState(grids[0] ?? '');
  const [type, setType] = useState<SubmissionType>('health');
  const [list, setList] = useState<ListState>({ items: [], cursor: null, loading: true, error: undefined });
  const [done, setDone] = useState<Record<string, Decision>>({});

  const load = useCallback(
    async (cursor?: string) => {
      setList((l) => ({ ...l, loading: true, error: undefined, ...(cursor ? {} : { items: [] }) }));
      try {
        const page = await getGridPending(grid, type, cursor);
        setList((l) => ({
          items: cursor ? [...l.items, ...page.items] : page.items,
          cursor: page.nextCursor,
          loading: false,
          error: undefined,
        }));
      } catch (error) {
        setList((l) => ({ ...l, loading: false, error }));
      }
    },
    [grid, type],
  );
  useEffect(() => {
    void load();
  }, [load]);

  const firstLoad = list.loading && list.items.length === 0;
  return (
    <PageShell
      loading={firstLoad}
      error={list.items.length === 0 ? list.error : undefined}
      onRetry={() => void load()}
    >
      {grids.length > 1 && (
        <Field label={zh.pending.grid}>
          <Chips
            testId="pending-grid"
            options={grids.map((g) => ({ value: g, label: g }))}
            selected={[grid]}
            onToggle={setGrid}
          />
        </Field>
      )}
      <View className="tabs">
        {(['health', 'travel'] as const).map((t) => (
          <View
            key={t}
            className={`tab${type === t ? ' tab--on' : ''}`}
            data-testid={`pending-tab-${t}`}
            onClick={() => setType(t)}
          >
            <Text>{zh.pending.tabs[t]}</Text>
          </View>
        ))}
      </View>
      {list.items.length === 0 && !list.loading && (
        <View className="state" data-testid="pending-empty">
          <Text className="state__text">{zh.pending.empty}</Text>
        </View>
      )}
      {list.items.map((item) => (
        <PendingCard
          key={item.submissionId}
          item={item}
          decided={done[item.submissionId]}
          onDecided={(d) => setDone((x) => ({ ...x, [item.submissionId]: d }))}
        />
      ))}
      {list.cursor && (
        <Button className="btn" disabled={list.loading || undefined} onClick={() => void load(list.cursor!)}>
          {zh.pending.loadMore}
        </Button>
      )}
    </PageShell>
  );
}

function PendingCard(props: { item: PendingItem; decided?: Decision; onDecided: (d: Decision) => void }) {
  const { item } = props;
  const [decision, setDecision] = useState<Decision | null>(null);
  const [method, setMethod] = useState<Method>('phone');
  const [note, setNote] = useState('');
  const [problem, setProblem] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function call() {
    setProblem(null);
    try {
      const contact = await getPersonContact(item.personId);
      if (contact.phone) await Taro.makePhoneCall({ phoneNumber: contact.phone });
      else setProblem(zh.pending.noPhone);
    } catch (error) {
      setProblem(describeError(error));
    }
  }

  async function send() {
    if (!decision) return;
    if (decision === 'rejected' && note.trim() === '') return setProblem(zh.pending.needNote);
    setBusy(true);
    setProblem(null);
    try {
      await verifySubmission(item.submissionId, {
        decision,
        method,
        ...(note.trim() ? { note: note.trim() } : {}),
      });
      props.onDecided(decision);
    } catch (error) {
      setProblem(describeError(error));
    } finally {
      setBusy(false);
    }
  }

  return (
    <View className="card pending-card" data-testid="pending-item" data-person={item.personName}>
      <View className="row">
        <Text className="pending-card__name">{item.personName}</Text>
        {item.type === 'health' && item.fever && <Text className="tag tag--red">{zh.pending.fever}</Text>}
        {item.type === 'travel' && item.riskFlagged && (
          <Text className="tag tag--red">{zh.pending.riskFlagged}</Text>
        )}
      </View>
      <Text className="muted">
        {item.idNumberMasked}　{item.phoneMasked ?? zh.pending.noPhone}
      </Text>
      {item.type === 'health' ? (
        <View className="pending-card__body">
          <Text
            className={item.fever ? 'pending-card__temp pending-card__temp--fever' : 'pending-card__temp'}
          >
            {zh.pending.temperature(item.temperature)}
          </Text>
          <Text className="muted">
            {' '}
            {item.date} {zh.checkin.slot[item.slot]}
            {item.symptoms.length > 0 && `｜${item.symptoms.map((s) => zh.symptoms[s]).join('、')}`}
          </Text>
        </View>
      ) : (
        <View className="pending-card__body">
          <Text>
            {zh.pending.route(regions.regionPath(item.originCode), item.departedOn, item.arrivedOn)}
          </Text>
        </View>
      )}
      {props.decided ? (
        <Message
          kind={props.decided === 'confirmed' ? 'ok' : 'warn'}
          text={props.decided === 'confirmed' ? zh.pending.confirmed : zh.pending.rejected}
          testId="pending-decided"
        />
      ) : decision === null ? (
        <View className="pending-card__actions">
          <Button className="btn btn--small" data-testid="pending-call" onClick={call}>
            {zh.pending.call}
          </Button>
          <Button
            className="btn btn--small"
            data-testid="pending-reject"
            onClick={() => setDecision('rejected')}
          >
            {zh.pending.reject}
          </Button>
          <Button
            className="btn btn--small btn--primary"
            data-testid="pending-confirm"
            onClick={() => setDecision('confirmed')}
          >
            {zh.pending.confirm}
          </Button>
        </View>
      ) : (
        <View className="pending-card__form">
          <Field label={zh.pending.method}>
            <Chips
              testId="pending-method"
              options={(['phone', 'visit', 'wechat'] as const).map((m) => ({
                value: m,
                label: zh.methods[m],
              }))}
              selected={[method]}
              onToggle={setMethod}
            />
          </Field>
          <Field label={zh.pending.note}>
            <Textarea
              className="textarea"
              maxlength={200}
              data-testid="pending-note"
              placeholder={
                decision === 'rejected' ? zh.pending.notePlaceholderReject : zh.pending.notePlaceholder
              }
              value={note}
              onInput={(e) => setNote(e.detail.value)}
            />
          </Field>
          <View className="pending-card__actions">
            <Button className="btn btn--small" onClick={() => setDecision(null)}>
              {zh.pending.cancel}
            </Button>
            <Button
              className={`btn btn--small ${decision === 'rejected' ? 'btn--danger' : 'btn--primary'}`}
              data-testid="pending-send"
              disabled={busy || undefined}
              onClick={send}
            >
              {`${decision === 'rejected' ? zh.pending.reject : zh.pending.confirm}：${zh.pending.submit}`}
            </Button>
          </View>
        </View>
      )}
      {problem && <Message kind="error" text={problem} testId="pending-problem" />}
    </View>
  );
}
