import type { InboxEntry } from '@grid/shared';
import { Button, Text, View } from '@tarojs/components';
import { useState } from 'react';
import { Message } from '../../../components/controls';
import { PageShell } from '../../../components/PageShell';
import { shortTime } from '../../../data/supply';
import { useLoad } from '../../../hooks/stores';
import { zh } from '../../../i18n/zh';
import { acknowledgeNotice, listNoticeInbox } from '../../../services/api';
import { describeError } from '../../../services/http';
import '../../gridworker.scss';

/** 通知: notices and requirements the centres pushed down, newest first; acknowledge each. */
export default function NoticesPage() {
  const inbox = useLoad(() => listNoticeInbox());
  return (
    <PageShell
      loading={inbox.status === 'loading'}
      error={inbox.status === 'error' ? inbox.error : undefined}
      onRetry={inbox.reload}
      empty={inbox.status === 'ready' && inbox.data.items.length === 0}
      emptyText={zh.notices.empty}
    >
      {inbox.status === 'ready' && inbox.data.items.map((n) => <NoticeCard key={n.noticeId} notice={n} />)}
    </PageShell>
  );
}

function NoticeCard({ notice }: { notice: InboxEntry }) {
  const [acknowledgedAt, setAcknowledgedAt] = useState(notice.acknowledgedAt);
  const [problem, setProblem] = useState<string | null>(null);
  return (
    <View className="card" data-testid="notice-item">
      <Text className="card__title">{notice.title}</Text>
      <Text className="muted">{zh.notices.from(notice.publisherName, shortTime(notice.createdAt))}</Text>
      <View className="notice__body">
        <Text>{notice.body}</Text>
      </View>
      {notice.deadline && (
        <Text className="tag tag--orange">{zh.notices.deadline(shortTime(notice.deadline))}</Text>
      )}
      {acknowledgedAt ? (
        <Message kind="ok" text={zh.notices.acknowledged(shortTime(acknowledgedAt))} />
      ) : (
        <Button
          className="btn btn--primary"
          data-testid="notice-ack"
          onClick={async () => {
            try {
              setAcknowledgedAt((await acknowledgeNotice(notice.noticeId)).acknowledgedAt);
            } catch (error) {
              setProblem(describeError(error));
            }
          }}
        >
          {zh.notices.acknowledge}
        </Button>
      )}
      {problem && <Message kind="error" text={problem} />}
    </View>
  );
}
