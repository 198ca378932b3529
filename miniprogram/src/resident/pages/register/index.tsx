import { useState } from 'react';
import { Message } from '../../../components/controls';
import { HouseholdForm } from '../../../components/HouseholdForm';
import { PageShell } from '../../../components/PageShell';
import { ResultActions } from '../../../components/ResultActions';
import { zh } from '../../../i18n/zh';
import { zhResident } from '../../../i18n/zh-resident';

export default function RegisterPage() {
  const [done, setDone] = useState<'sent' | 'queued' | null>(null);
  return (
    <PageShell title={zh.tiles.register}>
      {done === 'queued' && <Message kind="warn" text={zh.register.queued} testId="register-queued" />}
      {done === 'sent' && (
        <>
          {/* The new session token was adopted by the outbox before this shows. */}
          <Message kind="ok" text={zhResident.register.done} testId="register-done" />
          <Message kind="info" text={zhResident.register.doneHint} />
        </>
      )}
      {done === null ? (
        <HouseholdForm onDone={(r) => setDone(r.state)} />
      ) : (
        <ResultActions testId="register" />
      )}
    </PageShell>
  );
}
