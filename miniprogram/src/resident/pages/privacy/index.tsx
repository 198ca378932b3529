import { PRIVACY_NOTICE } from '@grid/shared';
import { Button, Text, View } from '@tarojs/components';
import Taro from '@tarojs/taro';
import { useState } from 'react';
import { Message } from '../../../components/controls';
import { PageShell } from '../../../components/PageShell';
import { SubmitButton } from '../../../components/SubmitButton';
import { useSubmitGuard } from '../../../hooks/submission';
import { zh } from '../../../i18n/zh';
import { zhResident } from '../../../i18n/zh-resident';
import { ROUTES } from '../../../routes';
import { withdrawPrivacyConsent } from '../../../services/api';
import { describeError } from '../../../services/http';
import { forgetAccepted } from '../../../services/privacy-consent';
import '../../components/resident.scss';

/** The privacy notice as accepted, the two rights it promises one tap away each, and a way to withdraw. */
export default function PrivacyPage() {
  const t = zhResident.privacy;
  return (
    <PageShell title={t.title}>
      <View className="card">
        <Button
          className="btn btn--primary"
          data-testid="privacy-access-log"
          onClick={() => void Taro.navigateTo({ url: ROUTES.accessLog })}
        >
          {t.accessLog}
        </Button>
        <Button
          className="btn"
          data-testid="privacy-corrections"
          onClick={() => void Taro.navigateTo({ url: ROUTES.corrections })}
        >
          {t.corrections}
        </Button>
      </View>
      <View className="card" data-testid="privacy-notice-text">
        <Text className="card__title">{PRIVACY_NOTICE.title}</Text>
        {PRIVACY_NOTICE.paragraphs.map((p) => (
          <View key={p} className="dialog__line">
            <Text>{p}</Text>
          </View>
        ))}
        <Text className="muted">{zh.privacy.version(PRIVACY_NOTICE.version)}</Text>
      </View>
      <WithdrawConsent />
    </PageShell>
  );
}

/**
 * Withdrawing asks first (what follows, in plain words), then tells the server and forgets the
 * phone's memory of the acceptance, so the next check-in or declaration shows the notice again.
 * A repeat is harmless (the API answers the same state), so it is sent directly, not queued.
 */
function WithdrawConsent() {
  const t = zhResident.privacy;
  const guard = useSubmitGuard();
  const [done, setDone] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);

  async function confirmWithdraw() {
    const { confirm } = await Taro.showModal({
      title: t.withdrawTitle,
      content: t.withdrawBody,
      confirmText: t.withdrawConfirm,
      cancelText: t.withdrawKeep,
    });
    if (!confirm) return;
    await guard.run(async () => {
      setProblem(null);
      try {
        await withdrawPrivacyConsent();
        forgetAccepted();
        setDone(true);
      } catch (error) {
        setProblem(describeError(error));
      }
    });
  }

  return (
    <View className="card">
      {done ? (
        <Message kind="ok" text={t.withdrawn} testId="privacy-withdrawn" />
      ) : (
        <SubmitButton
          tone="plain"
          label={t.withdraw}
          busy={guard.busy}
          onSubmit={() => void confirmWithdraw()}
          testId="privacy-withdraw"
        />
      )}
      {problem && <Message kind="error" text={problem} testId="privacy-withdraw-problem" />}
    </View>
  );
}
