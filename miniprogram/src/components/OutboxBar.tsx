import { Button, Text, View } from '@tarojs/components';
import { useOutbox } from '../hooks/stores';
import { zh } from '../i18n/zh';
import { discard, flushOutbox } from '../services/outbox';
import { OUTBOX_KINDS } from '../services/outbox-kinds';

/** What is waiting to be sent (待同步), with 重试; hidden when nothing waits. */
export function OutboxBar() {
  const { items, flushing } = useOutbox();
  if (items.length === 0) return null;
  return (
    <View className="outbox" data-testid="outbox">
      <View className="outbox__head">
        <Text className="outbox__title" data-testid="outbox-count">
          {zh.outbox.count(items.length)}
        </Text>
        <Button
          className="btn btn--small"
          data-testid="outbox-retry"
          disabled={flushing || undefined}
          onClick={() => void flushOutbox()}
        >
          {flushing ? zh.outbox.syncing : zh.outbox.retry}
        </Button>
      </View>
      <Text className="outbox__hint">{zh.outbox.hint}</Text>
      {items.map(({ submission, error }) => (
        <View key={submission.idempotencyKey} className="outbox__item">
          <Text className="outbox__label">
            {OUTBOX_KINDS[submission.kind].label}：{submission.label}
          </Text>
          {error !== null && (
            <View className="outbox__error">
              <Text>{zh.outbox.failed(error)}</Text>
              <Button className="btn btn--small" onClick={() => discard(submission.idempotencyKey)}>
                {zh.outbox.discard}
              </Button>
            </View>
          )}
        </View>
      ))}
    </View>
  );
}
