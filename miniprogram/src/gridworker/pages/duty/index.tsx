import type { Checkpoint, Shift } from '@grid/shared';
import { localDate } from '@grid/shared';
import { Button, Text, View } from '@tarojs/components';
import Taro, { useDidShow } from '@tarojs/taro';
import { useState } from 'react';
import { Message } from '../../../components/controls';
import { PageShell } from '../../../components/PageShell';
import { SubmitButton } from '../../../components/SubmitButton';
import { useLoad, useSession } from '../../../hooks/stores';
import { useSubmission } from '../../../hooks/submission';
import { zhCheckpoints } from '../../../i18n/zh-checkpoints';
import { ROUTES, withQuery } from '../../../routes';
import { listCheckpoints, listMyShifts, listRoster } from '../../../services/api-checkpoints';
import { describeError } from '../../../services/http';
import { loadWithCache } from '../../../services/offline-cache';
import { NewCheckpointForm } from '../../checkpoint/NewCheckpointForm';
import { RosterCard } from '../../checkpoint/RosterCard';
import '../../checkpoint/checkpoint.scss';
import '../../gridworker.scss';

const t = zhCheckpoints.duty;

/** The villages a gridworker or volunteer works in: their grids' first 12 digits. */
function villagesOf(scopes: readonly string[]): string[] {
  return [...new Set(scopes.filter((s) => s.length >= 12).map((s) => s.slice(0, 12)))];
}

async function loadDuty(scopes: readonly string[]) {
  const today = localDate(new Date());
  const [shifts, lists] = await Promise.all([
    listMyShifts(today),
    Promise.all(villagesOf(scopes).map((v) => listCheckpoints(v))),
  ]);
  const checkpoints = new Map<string, Checkpoint>();
  for (const list of lists) for (const c of list.items) checkpoints.set(c.checkpointId, c);
  // Who is on each checkpoint today: one read per checkpoint (a village has a handful).
  const rosters = await Promise.all(
    [...checkpoints.values()].map(async (c) => ({
      checkpoint: c,
      shifts: (await listRoster(c.checkpointId, today)).items,
    })),
  );
  return { shifts: shifts.items, checkpoints: rosters };
}

const openLog = (checkpointId: string) =>
  void Taro.navigateTo({ url: withQuery(ROUTES.checkpointLog, { checkpointId }) });

/**
 * 值守: my shifts with sign-in/out, and the checkpoints of my villages with today's roster (opens the
 * log; a gridworker sets up checkpoints and assigns shifts). Works offline.
 */
export default function DutyPage() {
  const session = useSession();
  const scopes = session?.user.scopes ?? [];
  const duty = useLoad(() => loadWithCache('duty', () => loadDuty(scopes)), scopes.join(','));
  useDidShow(() => duty.refresh());
  const data = duty.status === 'ready' ? duty.data : null;
  const [setup, setSetup] = useState(false);
  const organiser = session?.user.role === 'gridworker';
  return (
    <PageShell
      title={t.title}
      loading={duty.status === 'loading'}
      error={duty.status === 'error' ? duty.error : undefined}
      onRetry={duty.reload}
    >
      <Text className="card__title">{t.myShifts}</Text>
      {data?.shifts.length === 0 && (
        <View className="state" data-testid="duty-no-shifts">
          <Text className="state__text">{t.noShifts}</Text>
        </View>
      )}
      {data?.shifts.map((s) => (
        <ShiftCard key={s.shiftId} shift={s} onChanged={duty.refresh} />
      ))}
      <Text className="card__title">{t.checkpoints}</Text>
      {data?.checkpoints.length === 0 && <Text className="muted">{t.noCheckpoints}</Text>}
      {data?.checkpoints.map(({ checkpoint: c, shifts }) => (
        <RosterCard
          key={c.checkpointId}
          checkpoint={c}
          shifts={shifts}
          today={localDate(new Date())}
          organiser={organiser}
          onOpen={() => openLog(c.checkpointId)}
          onAssigned={duty.refresh}
        />
      ))}
      {organiser && !setup && (
        <Button className="btn" data-testid="new-checkpoint-open" onClick={() => setSetup(true)}>
          {zhCheckpoints.setup.open}
        </Button>
      )}
      {organiser && setup && (
        <NewCheckpointForm
          villages={villagesOf(scopes)}
          onCreated={() => {
            setSetup(false);
            duty.refresh();
          }}
          onCancel={() => setSetup(false)}
        />
      )}
    </PageShell>
  );
}

/** Sign-in/out through the outbox: at a gate without signal it waits and is sent once. */
function ShiftCard({ shift, onChanged }: { shift: Shift; onChanged: () => void }) {
  const signIn = useSubmission('shiftSign');
  const signOut = useSubmission('shiftSign');
  const [problem, setProblem] = useState<string | null>(null);
  const act = async (which: typeof signIn, action: 'sign-in' | 'sign-out') => {
    setProblem(null);
    try {
      const done = await which.submit(
        { shiftId: shift.shiftId, action },
        `${shift.checkpointName} ${action === 'sign-in' ? t.signIn : t.signOut}`,
      );
      if (done?.state === 'sent') onChanged();
    } catch (error) {
      setProblem(describeError(error));
    }
  };
  const queued = signIn.view.status === 'queued' || signOut.view.status === 'queued';
  const status =
    signOut.view.status === 'sent'
      ? 'done'
      : signIn.view.status === 'sent' && shift.status === 'assigned'
        ? 'on_duty'
        : shift.status;
  return (
    <View className="card" data-testid="duty-shift" data-status={status}>
      <Text className="shift-card__when">{shift.checkpointName}</Text>
      <View className="row">
        <Text>{t.shift(shift.date, shift.starts, shift.ends)}</Text>
        <Text className="tag shift-card__status" data-testid="duty-shift-status">
          {t.status[status]}
        </Text>
      </View>
      {queued && <Message kind="warn" text={t.queued} testId="duty-shift-queued" />}
      {problem && <Message kind="error" text={problem} testId="duty-shift-problem" />}
      <View className="actions">
        {status === 'assigned' && !queued && (
          <SubmitButton
            label={t.signIn}
            busy={signIn.busy}
            testId="duty-sign-in"
            onSubmit={() => void act(signIn, 'sign-in')}
          />
        )}
        {status === 'on_duty' && !queued && (
          <SubmitButton
            label={t.signOut}
            tone="plain"
            busy={signOut.busy}
            testId="duty-sign-out"
            onSubmit={() => void act(signOut, 'sign-out')}
          />
        )}
        <Button
          className="btn btn--primary"
          data-testid="duty-open-log"
          onClick={() => openLog(shift.checkpointId)}
        >
          {t.openLog}
        </Button>
      </View>
    </View>
  );
}
