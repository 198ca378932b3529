import type { PassVerdict } from '@grid/shared/pass';
import { Button, Input, Text, View } from '@tarojs/components';
import Taro, { useRouter } from '@tarojs/taro';
import { useEffect, useState, useSyncExternalStore } from 'react';
import { Message } from '../../../components/controls';
import { PageShell } from '../../../components/PageShell';
import { gridName, useGridNames } from '../../../data/grid-names';
import { shortTime } from '../../../data/supply';
import { useLoad } from '../../../hooks/stores';
import { zhCheckpoints } from '../../../i18n/zh-checkpoints';
import { getCheckpoint } from '../../../services/api-checkpoints';
import { loadWithCache } from '../../../services/offline-cache';
import { passTrust, passTrustSignal, refreshPassTrust, verifyScannedPass } from '../../../services/pass-keys';
import { useGateLog } from '../../checkpoint/gate-log';
import '../../checkpoint/checkpoint.scss';
import '../../gridworker.scss';

const t = zhCheckpoints.scan;
const NO_EXTRAS = { direction: 'in' as const, plate: '', temperature: '' };

/** WeChat's scanner; h5 has none: the text field below takes what a scanner (or a test) reads. */
async function scanWithCamera(): Promise<string | null> {
  try {
    const { result } = await Taro.scanCode({ onlyFromCamera: false, scanType: ['qrCode'] });
    return result;
  } catch {
    return null; // cancelled
  }
}

/**
 * 核验通行码: a pass is checked on the phone with the cached keys and revocations — no signal
 * needed — and shown in large type (colour, masked name, village); 放行 or 劝返 logs the scan as an
 * entry, colour included, through the outbox.
 */
export default function ScanPage() {
  const { checkpointId = '' } = useRouter().params;
  const checkpoint = useLoad(
    () => loadWithCache(`checkpoint:${checkpointId}`, () => getCheckpoint(checkpointId)),
    checkpointId,
  );
  useSyncExternalStore(passTrustSignal.subscribe, passTrustSignal.version);
  const trust = passTrust();
  useEffect(() => {
    void refreshPassTrust().catch(() => {});
  }, []);
  const village = checkpoint.status === 'ready' ? checkpoint.data.villageCode : undefined;
  useGridNames(village ? [village] : []);
  const [text, setText] = useState('');
  const [verdict, setVerdict] = useState<PassVerdict | null>(null);
  const gate = useGateLog(checkpointId, () => {});
  const [logged, setLogged] = useState<string | null>(null);

  const verify = (scanned: string) => {
    setLogged(null);
    setVerdict(verifyScannedPass(scanned.trim(), new Date(), village));
  };
  const decide = async (admit: boolean) => {
    if (!verdict) return;
    const claims = verdict.ok ? verdict.claims : null;
    const pass = claims ? { passId: claims.passId, colour: claims.colour } : undefined;
    const person = admit
      ? ({ kind: 'resident' } as const)
      : ({ kind: 'turned_back', reason: claims?.colour === 'red' ? 'red_pass' : 'no_pass' } as const);
    const label = claims
      ? t.labelPass(zhCheckpoints.colours[claims.colour], claims.maskedName)
      : zhCheckpoints.log.labelTurnBack(zhCheckpoints.log.reasons.no_pass);
    if (await gate.log(person, NO_EXTRAS, `${label} ${admit ? t.pass : t.turnBack}`, pass)) {
      setLogged(admit ? t.pass : t.turnBack);
      setVerdict(null);
      setText('');
    }
  };

  return (
    <PageShell
      title={t.title}
      loading={checkpoint.status === 'loading'}
      error={checkpoint.status === 'error' ? checkpoint.error : undefined}
      onRetry={checkpoint.reload}
    >
      <Text className="muted" data-testid="scan-trust">
        {trust.syncedAt ? t.trustAt(shortTime(trust.syncedAt)) : t.trustNever}
      </Text>
      {process.env.TARO_ENV === 'weapp' && (
        <Button
          className="btn btn--primary"
          data-testid="scan-camera"
          onClick={async () => {
            const scanned = await scanWithCamera();
            if (scanned) verify(scanned);
          }}
        >
          {t.scan}
        </Button>
      )}
      <View className="card">
        <Input
          className="gate-input"
          // A pass is ~210 characters; Taro's inputs stop at 140 unless told.
          maxlength={400}
          placeholder={t.paste}
          value={text}
          data-testid="scan-text"
          onInput={(e) => setText(e.detail.value)}
        />
        <Button className="btn" data-testid="scan-verify" onClick={() => verify(text)}>
          {t.verify}
        </Button>
      </View>
      {logged && <Message kind="ok" text={`${zhCheckpoints.log.logged}：${logged}`} testId="scan-logged" />}
      {gate.problem && <Message kind="error" text={gate.problem} testId="scan-problem" />}
      {verdict && (
        <View
          className={`verdict verdict--${verdict.ok ? verdict.claims.colour : 'refused'}`}
          data-testid="scan-verdict"
          data-ok={verdict.ok ? 'true' : 'false'}
          data-colour={verdict.ok ? verdict.claims.colour : ''}
        >
          <View className="verdict__band">
            <Text className="verdict__colour" data-testid="scan-colour">
              {verdict.ok ? zhCheckpoints.colours[verdict.claims.colour] : t.refused}
            </Text>
            {!verdict.ok && (
              <Text className="verdict__hint" data-testid="scan-reason">
                {t.reasons[verdict.reason]}
              </Text>
            )}
          </View>
          {verdict.ok && (
            <>
              <Text className="verdict__name" data-testid="scan-name">
                {verdict.claims.maskedName}
              </Text>
              <Text className="verdict__line" data-testid="scan-village">
                {t.village(gridName(verdict.claims.regionCode))}
              </Text>
            </>
          )}
          <View className="gate-buttons scan-actions">
            {verdict.ok && verdict.claims.colour !== 'red' && (
              <Button className="btn btn--pass" data-testid="scan-pass" onClick={() => void decide(true)}>
                {t.pass}
              </Button>
            )}
            <Button
              className="btn btn--turn-back"
              data-testid="scan-turn-back"
              onClick={() => void decide(false)}
            >
              {t.turnBack}
            </Button>
          </View>
        </View>
      )}
      {logged && (
        <Button className="btn" data-testid="scan-again" onClick={() => setLogged(null)}>
          {t.again}
        </Button>
      )}
    </PageShell>
  );
}
