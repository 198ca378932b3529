import type { PendingItem } from '@grid/shared';
import { Button, Text, Textarea, View } from '@tarojs/components';
import { useState } from 'react';
import { Chips, Field, Message } from '../../components/controls';
import { useSubmission, viewTone } from '../../hooks/submission';
import { zh } from '../../i18n/zh';
import { zhStaff } from '../../i18n/zh-staff';
import { describeError } from '../../services/http';
import { regions } from '../data/regions';
import { CallButton } from './CallButton';

type Method = 'phone' | 'visit' | 'wechat';
type Decision = 'confirmed' | 'rejected';

export function isUrgent(item: PendingItem): boolean {
  return item.type === 'health' ? item.fever : item.riskFlagged;
}

/**
 * One pending check-in or travel declaration: call, then confirm or reject. The decision goes
 * through the outbox with its key minted once, so without signal it waits and is sent once.
 */
export function PendingCard(props: { item: PendingItem; gridLabel?: string }) {
  const { item } = props;
  const [decision, setDecision] = useState<Decision | null>(null);
  const [method, setMethod] = useState<Method>('phone');
  const [note, setNote] = useState('');
  const [problem, setProblem] = useState<string | null>(null);
  const verify = useSubmission('verify');
  const urgent = isUrgent(item);

  async function send() {
    if (!decision) return;
    if (decision === 'rejected' && note.trim() === '') return setProblem(zh.pending.needNote);
    setProblem(null);
    try {
      await verify.submit(
        {
          submissionId: item.submissionId,
          body: { decision, method, ...(note.trim() ? { note: note.trim() } : {}) },
        },
        `${item.personName} ${decision === 'confirmed' ? zh.pending.confirm : zh.pending.reject}`,
      );
    } catch (error) {
      setProblem(describeError(error));
    }
  }

  const view = verify.view;
  const settled = view.status === 'sent' || view.status === 'gone';
  return (
    <View
      className={`card pending-card${urgent ? ' pending-card--urgent' : ''}`}
      data-testid="pending-item"
      data-person={item.personName}
      data-type={item.type}
      data-urgent={urgent ? 'true' : 'false'}
      data-submitted={item.submittedAt}
    >
      <View className="row">
        <Text className="pending-card__name">{item.personName}</Text>
        <Text className="tag">{zhStaff.pending.kind[item.type]}</Text>
        {item.type === 'health' && item.fever && <Text className="tag tag--red">{zh.pending.fever}</Text>}
        {item.type === 'travel' && item.riskFlagged && (
          <Text className="tag tag--red">{zh.pending.riskFlagged}</Text>
        )}
      </View>
      <Text className="muted">
        {item.idNumberMasked}　{item.phoneMasked ?? zh.pending.noPhone}
      </Text>
      {props.gridLabel && <Text className="muted">{props.gridLabel}</Text>}
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
      {settled || view.status === 'queued' || view.status === 'failed' ? (
        <Message
          kind={viewTone(view)}
          text={
            view.status === 'failed'
              ? zh.outbox.failed(view.reason)
              : view.status === 'queued'
                ? zh.quarantine.queued
                : decision === 'rejected'
                  ? zh.pending.rejected
                  : zh.pending.confirmed
          }
          testId="pending-decided"
        />
      ) : decision === null ? (
        <View className="pending-card__actions">
          <CallButton personId={item.personId} testId="pending-call" />
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
              disabled={verify.busy || undefined}
              onClick={() => void send()}
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
