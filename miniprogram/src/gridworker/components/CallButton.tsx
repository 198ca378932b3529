import type { PersonContact } from '@grid/shared';
import { Button, Text, View } from '@tarojs/components';
import { useState } from 'react';
import { Message } from '../../components/controls';
import { useSubmitGuard } from '../../hooks/submission';
import { zh } from '../../i18n/zh';
import { zhStaff } from '../../i18n/zh-staff';
import { getPersonContact } from '../../services/api';
import { getRegistrationTaskContact } from '../../services/api-staff';
import { callNumber } from '../../services/contact';
import { describeError } from '../../services/http';

/**
 * One-tap call to a person. The full number is fetched only now; a person without a phone (an
 * elderly member) offers the household's other members' numbers instead.
 */
export function CallButton(props: { personId: string; testId: string; primary?: boolean }) {
  const [contact, setContact] = useState<PersonContact | null>(null);
  const [problem, setProblem] = useState<string | null>(null);

  async function call() {
    setProblem(null);
    try {
      const found = await getPersonContact(props.personId);
      if (found.phone) return setProblem(await callNumber(found.phone));
      setContact(found);
    } catch (error) {
      setProblem(describeError(error));
    }
  }

  return (
    <View className="call-button">
      <Button
        className={`btn btn--small${props.primary ? ' btn--primary' : ''}`}
        data-testid={props.testId}
        onClick={() => void call()}
      >
        {zhStaff.call.call}
      </Button>
      {contact && !contact.phone && (
        <View className="call-button__fallback" data-testid={`${props.testId}-fallback`}>
          {contact.household.length === 0 ? (
            <Message kind="warn" text={zhStaff.call.noneInHousehold} />
          ) : (
            <>
              <Text className="muted">{zhStaff.call.noPhone}</Text>
              {contact.household.map((m) => (
                <Button
                  key={m.personId}
                  className="btn btn--small"
                  data-testid={`${props.testId}-member`}
                  onClick={async () => setProblem(await callNumber(m.phone))}
                >
                  {zhStaff.call.member(m.name, zh.relations[m.relation])}
                </Button>
              ))}
            </>
          )}
        </View>
      )}
      {problem && <Message kind="error" text={problem} testId={`${props.testId}-problem`} />}
    </View>
  );
}

/**
 * One-tap call to a registration task's arrival (someone with no household record yet, so no
 * household to fall back on). The full number is fetched only on the tap, once per tap: every
 * read is recorded on the task.
 */
export function TaskCallButton(props: { taskId: string; testId: string }) {
  const guard = useSubmitGuard();
  const [problem, setProblem] = useState<string | null>(null);

  const call = () =>
    guard.run(async () => {
      setProblem(null);
      try {
        const found = await getRegistrationTaskContact(props.taskId);
        setProblem(found.phone ? await callNumber(found.phone) : zhStaff.registration.noPhone);
      } catch (error) {
        setProblem(describeError(error));
      }
    });

  return (
    <View className="call-button">
      <Button
        className="btn btn--small"
        data-testid={props.testId}
        disabled={guard.busy || undefined}
        onClick={() => void call()}
      >
        {zhStaff.call.call}
      </Button>
      {problem && <Message kind="error" text={problem} testId={`${props.testId}-problem`} />}
    </View>
  );
}
