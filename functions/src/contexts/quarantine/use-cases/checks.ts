/**
 * The twice-daily checks of home quarantine: gridworker follow-ups, the daily board, and the
 * jobs that find missed checks and remind residents before a deadline.
 */
import {
  type BoardEntry,
  type CreateFollowUpRequest,
  daysBetween,
  type FollowUp,
  followUpSchema,
  isFever,
  localDate,
  NOTIFICATION_PAGES,
  type Slot,
  type SlotDeadlines,
  slotDeadline,
  slotOf,
} from '@grid/shared';
import { assertGridAccess } from '../../../lib/auth/access';
import type { Principal } from '../../../lib/auth/tokens';
import { config } from '../../../lib/config';
import { AppError } from '../../../lib/errors';
import { type Claimed, requestHash } from '../../../lib/idempotency';
import { newId } from '../../../lib/ids';
import { getHousehold } from '../../households/entities/household';
import { claimOnce, putTask } from '../../notices/entities/notifications';
import { notifyUser } from '../../notices/use-cases/notify';
import { type FollowUpItem, putFollowUp } from '../entities/follow-up';
import {
  getQuarantines,
  listActiveIdsInCity,
  listActiveInGrid,
  type QuarantineItem,
  quarantineKeys,
} from '../entities/quarantine';
import { raiseMissedCheck } from './alerts';
import { loadQuarantineInScope } from './quarantine';

const SLOTS: readonly Slot[] = ['morning', 'evening'];

export function deadlines(): SlotDeadlines {
  const c = config();
  return { morning: c.CHECK_DEADLINE_MORNING, evening: c.CHECK_DEADLINE_EVENING };
}

export function isCheckDone(q: Pick<QuarantineItem, 'checks'>, date: string, slot: Slot): boolean {
  return q.checks?.date === date && q.checks[slot];
}

/** A slot needs checking when the quarantine ran at its deadline. */
function slotApplies(q: QuarantineItem, date: string, deadline: Date): boolean {
  return q.startDate <= date && q.plannedEndDate >= date && q.createdAt < deadline.toISOString();
}

export async function recordFollowUp(
  principal: Principal,
  quarantineId: string,
  input: CreateFollowUpRequest,
  idempotencyKey: string,
  now: Date,
): Promise<Claimed<FollowUp>> {
  const q = await loadQuarantineInScope(principal, quarantineId);
  if (q.status !== 'active')
    throw new AppError('INVALID_TRANSITION', { from: q.status, action: 'follow-up' });
  const date = localDate(now);
  const slot = slotOf(now);
  const hash = requestHash({ quarantineId, ...input });
  const item: FollowUpItem = {
    type: 'FOLLOW_UP',
    followUpId: newId(now),
    quarantineId,
    personId: q.personId,
    gridCode: q.gridCode,
    householdId: q.householdId,
    personName: q.personName,
    date,
    slot,
    method: input.method,
    temperature: input.temperature,
    fever: isFever(input.temperature, config().FEVER_THRESHOLD),
    symptoms: input.symptoms,
    note: input.note ?? null,
    recordedAt: now.toISOString(),
    recordedBy: principal.userId,
    idempotencyKey,
    requestHash: hash,
  };
  // The same body again is a retry (the original); another body under the key is a reuse (422).
  const { created, value } = await putFollowUp(item, now);
  return { created, value: followUpSchema.parse(value) };
}

export function boardEntry(q: QuarantineItem, now: Date): BoardEntry {
  const date = localDate(now);
  const status = (slot: Slot) => {
    if (isCheckDone(q, date, slot)) return 'done' as const;
    const deadline = slotDeadline(date, slot, deadlines());
    // The jobs' rule: a slot whose deadline passed before the quarantine began is not owed.
    if (!slotApplies(q, date, deadline)) return 'not_required' as const;
    return now > deadline ? ('overdue' as const) : ('due' as const);
  };
  return {
    quarantineId: q.quarantineId,
    personId: q.personId,
    personName: q.personName,
    phoneMasked: q.phoneMasked,
    address: q.address,
    morning: status('morning'),
    evening: status('evening'),
    lastTemperature: q.lastTemperature,
    lastFever: q.lastTemperature !== null && isFever(q.lastTemperature, config().FEVER_THRESHOLD),
    lastReportAt: q.lastReportAt,
    plannedEndDate: q.plannedEndDate,
    // The planned end is start + 14 for a 14-day quarantine: 14 days left on the first day.
    daysRemaining: daysBetween(date, q.plannedEndDate),
  };
}

/** One query: the grid's active quarantines carry today's checks. Overdue first, then by name. */
export async function quarantineBoard(principal: Principal, gridCode: string, now: Date) {
  assertGridAccess(principal, gridCode);
  const rank = { overdue: 0, due: 1, done: 2, not_required: 3 } as const;
  const active = await listActiveInGrid(gridCode);
  const items = active
    .map((q) => boardEntry(q, now))
    .sort(
      (a, b) =>
        Math.min(rank[a.morning], rank[a.evening]) - Math.min(rank[b.morning], rank[b.evening]) ||
        a.personName.localeCompare(b.personName, 'zh'),
    );
  return { gridCode, date: localDate(now), deadlines: deadlines(), items };
}

async function activeQuarantinesOfServedCities(): Promise<QuarantineItem[]> {
  const all: QuarantineItem[] = [];
  for (const city of config().SERVICE_CITY_CODES) {
    all.push(...(await getQuarantines(await listActiveIdsInCity(city))));
  }
  return all.filter((q) => q.status === 'active');
}

/** Job: raises a MISSED_CHECK alert for every slot whose deadline passed unchecked today. */
export async function detectMissedChecks(now: Date): Promise<{ checked: number; raised: number }> {
  const date = localDate(now);
  const quarantines = await activeQuarantinesOfServedCities();
  let raised = 0;
  for (const q of quarantines) {
    for (const slot of SLOTS) {
      const deadline = slotDeadline(date, slot, deadlines());
      if (now <= deadline || !slotApplies(q, date, deadline) || isCheckDone(q, date, slot)) continue;
      if (await raiseMissedCheck(q, date, slot, now)) raised++;
    }
  }
  return { checked: quarantines.length, raised };
}

/**
 * Job: before each deadline, reminds the household of every unchecked slot once. Without a
 * WeChat grant (or a resident account) the reminder becomes a task on the gridworker's list.
 */
export async function remindChecks(now: Date): Promise<{ sent: number; tasks: number; queued: number }> {
  const date = localDate(now);
  const leadMs = config().CHECK_REMINDER_LEAD_MINUTES * 60_000;
  let sent = 0;
  let tasks = 0;
  let queued = 0;
  for (const q of await activeQuarantinesOfServedCities()) {
    for (const slot of SLOTS) {
      const deadline = slotDeadline(date, slot, deadlines());
      const inWindow = now.getTime() >= deadline.getTime() - leadMs && now <= deadline;
      if (!inWindow || !slotApplies(q, date, deadline) || isCheckDone(q, date, slot)) continue;
      if (!(await claimOnce(quarantineKeys.reminder(q.quarantineId, date, slot), now.toISOString())))
        continue;
      const owner = (await getHousehold(q.householdId))?.ownerUserId;
      const call = {
        kind: 'CALL_FOR_CHECK',
        gridCode: q.gridCode,
        personId: q.personId,
        personName: q.personName,
        quarantineId: q.quarantineId,
        date,
        slot,
      } as const;
      const outcome = owner
        ? await notifyUser(
            owner,
            'checkReminder',
            {
              thing1: `${q.personName} ${slot === 'morning' ? '上午' : '下午'}体温`,
              time2: `${date} ${deadlines()[slot]}`,
            },
            NOTIFICATION_PAGES.checkReminder,
            // WeChat down: retried until the deadline, then the call falls to the gridworker.
            { now, giveUpAt: deadline, fallbackTask: call },
          )
        : 'no_wechat';
      if (outcome === 'sent') {
        sent++;
        continue;
      }
      if (outcome === 'queued') {
        queued++;
        continue;
      }
      await putTask({
        ...call,
        taskId: newId(now),
        status: 'open',
        createdAt: now.toISOString(),
        doneBy: null,
        doneAt: null,
      });
      tasks++;
    }
  }
  return { sent, tasks, queued };
}
