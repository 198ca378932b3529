import type { InboxEntry } from '@grid/shared';
import { Button, Text, View } from '@tarojs/components';
import { useState } from 'react';
import { Message } from '../../../components/controls';
import { LoadMore, usePagedList } from '../../../components/LoadMore';
import { PageShell } from '../../../components/PageShell';
import { shortTime } from '../../../data/supply';
import { useSubmission } from '../../../hooks/submission';
import { zh } from '../../../i18n/zh';
import { listNoticeInbox } from '../../../services/api';
import { describeError } from '../../../services/http';
import '../../gridworker.scss';

/** 通知: notices and requirements the centres pushed down, newest first, paged; acknowledge each. */
export default function NoticesPage() {
  const list = usePagedList<InboxEntry>((cursor) => listNoticeInbox(cursor), 'inbox');
  return (
    <PageShell
      title={zh.tiles.notices}
      loading={list.firstLoad}
      error={list.items.length === 0 ? list.error : undefined}
      onRetry={list.reload}
      empty={!list.loading && list.items.length === 0}
      emptyText={zh.notices.empty}
    >
      {list.items.map((n) => (
        <NoticeCard key={n.noticeId} notice={n} />
      ))}
      <LoadMore list={list} testId="notices-more" />
    </PageShell>
  );
}

/** The acknowledgement goes through the outbox (key minted once): offline it waits and is sent once. */
function NoticeCard({ notice }: { notice: InboxEntry }) {
  const ack = useSubmission('noticeAck');
  const [problem, setProblem] = useState<string | null>(null);
  const view = ack.view;
  const acknowledgedAt = view.status === 'sent' ? view.answer.acknowledgedAt : notice.acknowledgedAt;
  return (
    <View className="card" data-testid="notice-item" data-notice={notice.noticeId}>
      <Text className="card__title">{notice.title}</Text>
      <Text className="muted">{zh.notices.from(notice.publisherName, shortTime(notice.createdAt))}</Text>
      <View className="notice__body">
        <Text>{notice.body}</Text>
      </View>
      {notice.deadline && (
        <Text className="tag tag--orange">{zh.notices.deadline(shortTime(notice.deadline))}</Text>
      )}
      {acknowledgedAt ? (
        <Message kind="ok" text={zh.notices.acknowledged(shortTime(acknowledgedAt))} testId="notice-acked" />
      ) : view.status === 'queued' ? (
        <Message kind="warn" text={zh.quarantine.queued} testId="notice-acked" />
      ) : (
        <Button
          className="btn btn--primary"
          data-testid="notice-ack"
          disabled={ack.busy || undefined}
          onClick={async () => {
            setProblem(null);
            try {
              await ack.submit({ noticeId: notice.noticeId }, notice.title);
            } catch (error) {
              setProblem(describeError(error));
            }
          }}
        >
          {zh.notices.acknowledge}
        </Button>
      )}
      {view.status === 'failed' && <Message kind="error" text={zh.outbox.failed(view.reason)} />}
      {problem && <Message kind="error" text={problem} />}
    </View>
  );
}
