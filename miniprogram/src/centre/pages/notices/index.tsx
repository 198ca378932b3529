import type { Notice, NoticeAcks } from '@grid/shared';
import { Button, Input, Switch, Text, Textarea, View } from '@tarojs/components';
import { useRouter } from '@tarojs/taro';
import { useState } from 'react';
import { Field, Message } from '../../../components/controls';
import { PageShell } from '../../../components/PageShell';
import { shortTime } from '../../../data/supply';
import { useSession } from '../../../hooks/stores';
import { useSubmitGuard } from '../../../hooks/submission';
import { zhStaff } from '../../../i18n/zh-staff';
import { getNoticeAcks, publishNotice } from '../../../services/api-staff';
import { describeError } from '../../../services/http';
import { readStored, STORAGE_KEYS, writeStored } from '../../../services/storage';
import '../../centre.scss';

type Published = Pick<Notice, 'noticeId' | 'title' | 'createdAt' | 'recipients'>;
const t = zhStaff.notices;

/** 发布通知: a centre pushes a notice to every gridworker under a region, then sees who confirmed. */
export default function NoticesPage() {
  const session = useSession();
  const scope = useRouter().params.scope ?? session?.user.scopes[0] ?? '';
  const [title, setTitle] = useState('');
  const [body, setBody] = useState('');
  const [ackRequired, setAckRequired] = useState(true);
  const guard = useSubmitGuard();
  const [status, setStatus] = useState<{ kind: 'ok' | 'error'; text: string } | null>(null);
  const [mine, setMine] = useState<Published[]>(
    () => readStored<Published[]>(STORAGE_KEYS.publishedNotices) ?? [],
  );

  async function publish() {
    if (title.trim() === '' || body.trim() === '') return setStatus({ kind: 'error', text: t.needText });
    setStatus(null);
    await guard.run(async () => {
      try {
        const n = await publishNotice(
          { title: title.trim(), body: body.trim(), ackRequired, scope },
          guard.keyFor(),
        );
        guard.reset(); // published: the next notice is a new submission
        const next = [
          { noticeId: n.noticeId, title: n.title, createdAt: n.createdAt, recipients: n.recipients },
          ...mine,
        ].slice(0, 30);
        writeStored(STORAGE_KEYS.publishedNotices, next);
        setMine(next);
        setTitle('');
        setBody('');
        setStatus({ kind: 'ok', text: t.published(n.recipients) });
      } catch (error) {
        setStatus({ kind: 'error', text: describeError(error) });
      }
    });
  }

  return (
    <PageShell title={t.title}>
      <View className="card">
        <Text className="muted">{t.scope(scope)}</Text>
        <Field label={t.heading}>
          <Input
            className="input"
            maxlength={60}
            data-testid="notice-title"
            value={title}
            onInput={(e) => setTitle(e.detail.value)}
          />
        </Field>
        <Field label={t.body}>
          <Textarea
            className="textarea"
            maxlength={2000}
            data-testid="notice-body"
            value={body}
            onInput={(e) => setBody(e.detail.value)}
          />
        </Field>
        <View className="row">
          <Text>{t.ackRequired}</Text>
          <Switch
            data-testid="notice-ack-required"
            checked={ackRequired}
            onChange={(e) => setAckRequired(e.detail.value)}
          />
        </View>
        <Button
          className="btn btn--primary"
          data-testid="notice-publish"
          disabled={guard.busy || undefined}
          onClick={() => void publish()}
        >
          {t.publish}
        </Button>
        {status && <Message kind={status.kind} text={status.text} testId="notice-status" />}
      </View>
      <Text className="card__title">{t.mine}</Text>
      {mine.length === 0 && <Text className="muted">{t.none}</Text>}
      {mine.map((n) => (
        <PublishedNotice key={n.noticeId} notice={n} />
      ))}
    </PageShell>
  );
}

function PublishedNotice({ notice }: { notice: Published }) {
  const [acks, setAcks] = useState<NoticeAcks | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  async function load() {
    setProblem(null);
    try {
      setAcks(await getNoticeAcks(notice.noticeId));
    } catch (error) {
      setProblem(describeError(error));
    }
  }
  return (
    <View className="card" data-testid="notice-published" data-notice={notice.noticeId}>
      <View className="row">
        <Text className="card__title">{notice.title}</Text>
        <Text className="muted">{shortTime(notice.createdAt)}</Text>
      </View>
      {acks && (
        <View data-testid="notice-acks">
          <Text className="tag tag--green" data-testid="notice-acks-totals">
            {t.acks(acks.totals.acknowledged, acks.totals.recipients)}
          </Text>
          {acks.byChild
            .filter((c) => c.recipients > 0)
            .map((c) => (
              <View key={c.code} data-testid="notice-acks-child">
                <Text className="muted">
                  {`${c.name.replace(/居民委员会|村民委员会|居委会|村委会/g, '')}　${t.acks(c.acknowledged, c.recipients)}`}
                </Text>
              </View>
            ))}
          <View>
            <Text className="muted" data-testid="notice-acks-waiting">
              {acks.pending.length === 0
                ? t.allDone
                : `${t.waiting}${acks.pending.map((p) => p.name).join('、')}`}
            </Text>
          </View>
        </View>
      )}
      <Button className="btn btn--small" data-testid="notice-show-acks" onClick={() => void load()}>
        {t.showAcks}
      </Button>
      {problem && <Message kind="error" text={problem} />}
    </View>
  );
}
