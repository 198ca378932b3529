import { SUPPLY_STATUS_LABELS, type SupplyRequest } from '@grid/shared';
import { Button, Text, Textarea, View } from '@tarojs/components';
import { useState } from 'react';
import { Field, Message } from '../../components/controls';
import { describeSupplyItems, shortTime } from '../../data/supply';
import { useSubmission } from '../../hooks/submission';
import { zh } from '../../i18n/zh';
import { actOnSupplyRequest } from '../../services/api';
import { callNumber } from '../../services/contact';
import { describeError } from '../../services/http';

type Form = 'deliver' | 'reject' | null;

/**
 * An open supply request in the queue: what, where, when, the contact's one-tap call, and the next
 * step (accept, then deliver with a note). Only gridworkers may reject, with a reason.
 */
export function SupplyCard(props: { request: SupplyRequest; canReject: boolean; onChanged: () => void }) {
  const { request } = props;
  const [form, setForm] = useState<Form>(null);
  const [text, setText] = useState('');
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);
  const [queued, setQueued] = useState(false);
  const supply = useSubmission('supplyAction');

  async function act(action: 'accept' | 'deliver' | 'reject') {
    if (action === 'reject' && text.trim() === '') return setProblem(zh.supplyQueue.needReason);
    setBusy(true);
    setProblem(null);
    try {
      if (action !== 'reject') {
        // Accept and deliver go through the outbox (key minted once): offline they wait, sent once.
        const note = action === 'deliver' && text.trim() ? text.trim() : undefined;
        const result = await supply.submit(
          { requestId: request.requestId, action, ...(note ? { note } : {}) },
          `${request.address} ${zh.supplyQueue[action]}`,
        );
        supply.reset();
        setForm(null);
        setText('');
        if (result?.state === 'queued') setQueued(true);
        else props.onChanged();
        return;
      }
      const body =
        action === 'reject'
          ? { reason: text.trim() }
          : action === 'deliver'
            ? text.trim()
              ? { note: text.trim() }
              : {}
            : undefined;
      await actOnSupplyRequest(request.requestId, action, body);
      setForm(null);
      setText('');
      props.onChanged();
    } catch (error) {
      setProblem(describeError(error));
    } finally {
      setBusy(false);
    }
  }

  return (
    <View
      className={`card supply-card${request.overdue ? ' supply-card--overdue' : ''}`}
      data-testid="supply-item"
      data-status={request.status}
      data-request={request.requestId}
    >
      <View className="row">
        <Text className="supply-card__address">{request.address}</Text>
        {request.overdue && (
          <Text className="tag tag--red" data-testid="supply-overdue">
            {zh.supplyQueue.overdue}
          </Text>
        )}
        <Text className="tag" data-testid="supply-status">
          {SUPPLY_STATUS_LABELS[request.status]}
        </Text>
      </View>
      <Text className="supply-card__items" data-testid="supply-items">
        {describeSupplyItems(request.items)}
      </Text>
      {request.note && <Text className="muted">{request.note}</Text>}
      {request.preferredTime && (
        <Text className="muted supply-card__line">
          {zh.supplyQueue.preferred(
            request.preferredTime.date,
            request.preferredTime.from,
            request.preferredTime.to,
          )}
        </Text>
      )}
      <Text className="muted supply-card__line">
        {zh.supplyQueue.requestedAt(shortTime(request.createdAt))}
      </Text>
      {form === null ? (
        <View className="actions">
          {queued && <Message kind="warn" text={zh.quarantine.queued} testId="supply-queued" />}
          <Button
            className="btn btn--small"
            data-testid="supply-call"
            onClick={async () => setProblem(await callNumber(request.contactPhone))}
          >
            {`${zh.supplyQueue.call} ${request.contactPhoneMasked ?? ''}`}
          </Button>
          {props.canReject && (
            <Button
              className="btn btn--small btn--danger"
              data-testid="supply-reject"
              onClick={() => setForm('reject')}
            >
              {zh.supplyQueue.reject}
            </Button>
          )}
          {request.status === 'submitted' && (
            <Button
              className="btn btn--small btn--primary"
              data-testid="supply-accept"
              disabled={busy || undefined}
              onClick={() => void act('accept')}
            >
              {zh.supplyQueue.accept}
            </Button>
          )}
          {request.status === 'accepted' && (
            <Button
              className="btn btn--small btn--primary"
              data-testid="supply-deliver"
              onClick={() => setForm('deliver')}
            >
              {zh.supplyQueue.deliver}
            </Button>
          )}
        </View>
      ) : (
        <View className="supply-card__form">
          <Field label={form === 'deliver' ? zh.supplyQueue.deliveryNote : zh.supplyQueue.rejectReason}>
            <Textarea
              className="textarea"
              maxlength={200}
              data-testid="supply-text"
              placeholder={form === 'deliver' ? zh.supplyQueue.deliveryNotePlaceholder : ''}
              value={text}
              onInput={(e) => setText(e.detail.value)}
            />
          </Field>
          <View className="actions">
            <Button className="btn btn--small" onClick={() => setForm(null)}>
              {zh.supplyQueue.cancel}
            </Button>
            <Button
              className={`btn btn--small ${form === 'reject' ? 'btn--danger' : 'btn--primary'}`}
              data-testid="supply-send"
              disabled={busy || undefined}
              onClick={() => void act(form)}
            >
              {form === 'deliver' ? zh.supplyQueue.deliver : zh.supplyQueue.reject}
            </Button>
          </View>
        </View>
      )}
      {problem && <Message kind="error" text={problem} testId="supply-problem" />}
    </View>
  );
}
