import Taro from '@tarojs/taro';
import { useState } from 'react';
import { Message } from '../../../components/controls';
import { HouseholdForm } from '../../../components/HouseholdForm';
import { PageShell } from '../../../components/PageShell';
import { zh } from '../../../i18n/zh';
import { ROUTES } from '../../../routes';

export default function RegisterPage() {
  const [queued, setQueued] = useState(false);
  return (
    <PageShell>
      {queued ? (
        <Message kind="warn" text={zh.register.queued} testId="register-queued" />
      ) : (
        <HouseholdForm
          onDone={(r) => {
            // The new session token is adopted by the outbox before this runs.
            if (r.state === 'sent') void Taro.reLaunch({ url: ROUTES.home });
            else setQueued(true);
          }}
        />
      )}
    </PageShell>
  );
}
