import { Button } from '@tarojs/components';
import { useState } from 'react';
import { Message } from '../../../components/controls';
import { HouseholdForm, type HouseholdFormResult } from '../../../components/HouseholdForm';
import { PageShell } from '../../../components/PageShell';
import { useSession } from '../../../hooks/stores';
import { zh } from '../../../i18n/zh';

/** 入户登记: a gridworker registers a household met at the door, in one of its grids. */
export default function VisitRegisterPage() {
  const session = useSession();
  const [done, setDone] = useState<HouseholdFormResult | null>(null);
  const [round, setRound] = useState(0);
  return (
    <PageShell title={zh.register.visitTitle}>
      {done ? (
        <>
          <Message
            kind={done.state === 'sent' ? 'ok' : 'warn'}
            text={done.state === 'sent' ? zh.register.done : zh.register.queued}
            testId="visit-register-result"
          />
          <Button
            className="btn btn--primary"
            onClick={() => {
              setDone(null);
              setRound(round + 1);
            }}
          >
            {zh.register.visitTitle}
          </Button>
        </>
      ) : (
        <HouseholdForm key={round} gridChoices={session?.user.scopes ?? []} onDone={setDone} />
      )}
    </PageShell>
  );
}
