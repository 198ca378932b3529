import { PRIVACY_NOTICE } from '@grid/shared';
import { Button, Text, View } from '@tarojs/components';
import { type ReactNode, useEffect, useState } from 'react';
import { useSession } from '../hooks/stores';
import { zh } from '../i18n/zh';
import { acceptPrivacyNotice, getMyPrivacyConsent } from '../services/api';
import { describeError } from '../services/http';
import { acceptedOnThisPhone, rememberAccepted } from '../services/privacy-consent';
import { Message } from './controls';

type State = 'checking' | 'accepted' | { outdated: boolean };

/**
 * A resident's first check-in or declaration waits for the privacy notice to be accepted (the API
 * refuses reports before that). Once accepted, the phone remembers it and asks nobody again until
 * the notice's version changes. Staff pass straight through.
 */
export function PrivacyConsentGate({ children }: { children: ReactNode }) {
  const session = useSession();
  const userId = session?.user.userId ?? '';
  const exempt = session?.user.role !== 'resident';
  const [state, setState] = useState<State>(() =>
    exempt || acceptedOnThisPhone(userId) ? 'accepted' : 'checking',
  );
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);

  useEffect(() => {
    if (state !== 'checking') return;
    let live = true;
    getMyPrivacyConsent().then(
      (consent) => {
        if (!live) return;
        if (consent.upToDate) rememberAccepted(userId);
        setState(consent.upToDate ? 'accepted' : { outdated: consent.acceptedVersion !== null });
      },
      // Unknown (offline, say): show the notice; accepting tells the server and reports the failure.
      () => live && setState({ outdated: false }),
    );
    return () => {
      live = false;
    };
  }, [state, userId]);

  async function accept() {
    setBusy(true);
    setProblem(null);
    try {
      await acceptPrivacyNotice(PRIVACY_NOTICE.version);
      rememberAccepted(userId);
      setState('accepted');
    } catch (error) {
      setProblem(describeError(error));
    } finally {
      setBusy(false);
    }
  }

  if (state === 'accepted') return <>{children}</>;
  if (state === 'checking') {
    return (
      <View className="state" data-testid="privacy-checking">
        <Text className="state__text">{zh.privacy.checking}</Text>
      </View>
    );
  }
  return (
    <View className="card" data-testid="privacy-notice">
      <Text className="dialog__title">{PRIVACY_NOTICE.title}</Text>
      {state.outdated && <Message kind="warn" text={zh.privacy.updated} testId="privacy-updated" />}
      <Text className="muted">{zh.privacy.intro}</Text>
      {PRIVACY_NOTICE.paragraphs.map((p) => (
        <View key={p} className="dialog__line">
          <Text>{p}</Text>
        </View>
      ))}
      <Text className="muted" data-testid="privacy-version">
        {zh.privacy.version(PRIVACY_NOTICE.version)}
      </Text>
      {problem && <Message kind="error" text={problem} testId="privacy-problem" />}
      <Button
        className="btn btn--primary"
        data-testid="privacy-accept"
        disabled={busy || undefined}
        onClick={() => void accept()}
      >
        {busy ? zh.privacy.accepting : zh.privacy.accept}
      </Button>
    </View>
  );
}
