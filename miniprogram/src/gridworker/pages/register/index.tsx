import { Button, Text, View } from '@tarojs/components';
import Taro from '@tarojs/taro';
import { useState } from 'react';
import { Message } from '../../../components/controls';
import { HouseholdForm, type HouseholdFormResult } from '../../../components/HouseholdForm';
import { PageShell } from '../../../components/PageShell';
import { useSession } from '../../../hooks/stores';
import { zh } from '../../../i18n/zh';
import { zhPasses } from '../../../i18n/zh-passes';
import { ROUTES, withQuery } from '../../../routes';

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
          {done.state === 'sent' && (
            <View className="card">
              <Text className="muted">{zhPasses.printHint}</Text>
              {done.members.map((m, i) => (
                <View key={m.personId} className="result-line">
                  <Text>{m.name}</Text>
                  <Button
                    className="btn btn--small"
                    data-testid={`visit-register-pass-${i}`}
                    onClick={() =>
                      Taro.navigateTo({ url: withQuery(ROUTES.passPrint, { personId: m.personId }) })
                    }
                  >
                    {zhPasses.print}
                  </Button>
                </View>
              ))}
            </View>
          )}
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
