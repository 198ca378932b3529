import { Button, Text, View } from '@tarojs/components';
import { useRouter } from '@tarojs/taro';
import { useState } from 'react';
import { Message } from '../../../components/controls';
import { PageShell } from '../../../components/PageShell';
import { PassCard } from '../../../components/PassCard';
import { useLoad } from '../../../hooks/stores';
import { zhPasses } from '../../../i18n/zh-passes';
import { issuePersonPass, passPdfRequest } from '../../../services/api-passes';
import { downloadAndOpen } from '../../../services/download';
import { describeError } from '../../../services/http';

/**
 * 打印通行证: a person's current pass as the gridworker sees it, and the printed pass (PDF) for a
 * resident without a smartphone — printed from WeChat's document viewer, or downloaded in a browser.
 */
export default function PassPrintPage() {
  const personId = useRouter().params.personId ?? '';
  const pass = useLoad(() => issuePersonPass(personId), personId);
  const [status, setStatus] = useState<{ kind: 'ok' | 'error'; text: string } | null>(null);
  const [busy, setBusy] = useState(false);
  async function print() {
    setBusy(true);
    setStatus(null);
    try {
      const { url, header } = passPdfRequest(personId);
      const name = await downloadAndOpen({
        url,
        header,
        name: `通行证-${personId.slice(-6)}.pdf`,
        fileType: 'pdf',
      });
      setStatus({ kind: 'ok', text: `${zhPasses.printed}：${name}` });
    } catch (error) {
      setStatus({ kind: 'error', text: describeError(error) });
    } finally {
      setBusy(false);
    }
  }
  return (
    <PageShell
      title={zhPasses.printTitle}
      loading={pass.status === 'loading'}
      error={pass.status === 'error' ? pass.error : undefined}
      onRetry={pass.reload}
    >
      {pass.status === 'ready' && (
        <View>
          <PassCard pass={pass.data} now={new Date()} testId="print-pass" />
          <View className="card">
            <Text className="muted">{zhPasses.printHint}</Text>
          </View>
          <Button
            className="btn btn--primary"
            data-testid="print-pass-pdf"
            disabled={busy || undefined}
            onClick={print}
          >
            {busy ? zhPasses.printing : zhPasses.print}
          </Button>
          {status && <Message kind={status.kind} text={status.text} testId="print-pass-status" />}
        </View>
      )}
    </PageShell>
  );
}
