import { Button, View } from '@tarojs/components';
import { useDidShow } from '@tarojs/taro';
import { Message } from '../../../components/controls';
import { PageShell } from '../../../components/PageShell';
import { PassCard } from '../../../components/PassCard';
import { shortTime } from '../../../data/supply';
import { useLoad } from '../../../hooks/stores';
import { zhPasses } from '../../../i18n/zh-passes';
import { loadPasses } from '../../passes/load';
import '../../components/resident.scss';

/** 家庭通行码: every member's pass on the household's phone (one proxy phone shows them all). */
export default function PassPage() {
  const passes = useLoad(loadPasses);
  useDidShow(() => passes.refresh());
  const now = new Date();
  return (
    <PageShell
      title={zhPasses.title}
      loading={passes.status === 'loading'}
      error={passes.status === 'error' ? passes.error : undefined}
      onRetry={passes.reload}
      empty={passes.status === 'ready' && passes.data.passes.length === 0}
      emptyText={zhPasses.none}
    >
      {passes.status === 'ready' && (
        <View data-testid="passes">
          {passes.data.offlineSince !== null && (
            <Message kind="info" text={zhPasses.offline(shortTime(passes.data.offlineSince))} />
          )}
          {passes.data.passes.map((p, i) => (
            <PassCard key={p.personId} pass={p} now={now} testId={`pass-${i}`} />
          ))}
          <Button className="btn" data-testid="passes-refresh" onClick={passes.reload}>
            {zhPasses.refresh}
          </Button>
        </View>
      )}
    </PageShell>
  );
}
