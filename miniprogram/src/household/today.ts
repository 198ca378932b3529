import { addDays, type HealthReport, type Household, localDate, type Slot, slotOf } from '@grid/shared';
import { getMyHousehold, listHealthReports } from '../services/api';
import { loadWithCache } from '../services/offline-cache';
import type { OutboxItem } from '../services/outbox';

/** Where a member's check-in of one slot stands, as the household sees it. */
/** missed: the morning passed without a report (only the current slot can still be reported). */
export type SlotStatus = 'due' | 'missed' | 'reported' | 'verified' | 'rejected' | 'queued';

export interface SlotState {
  status: SlotStatus;
  /** The gridworker's reason when rejected. */
  note: string | null;
}

export interface MemberToday {
  morning: SlotState;
  evening: SlotState;
  /** The latest reading of yesterday or today, to step from (shown as such). */
  last: number | null;
}

/** Each member's reports of yesterday and today (yesterday only gives the last reading). */
export type RecentReports = Record<string, HealthReport[]>;

export async function loadRecentReports(household: Household, now = new Date()): Promise<RecentReports> {
  const today = localDate(now);
  const lists = await Promise.all(
    household.members.map((m) => listHealthReports(m.personId, addDays(today, -1), today)),
  );
  return Object.fromEntries(household.members.map((m, i) => [m.personId, lists[i]!.items]));
}

function queuedFor(personId: string, date: string, slot: Slot, queued: readonly OutboxItem[]): boolean {
  return queued.some(({ submission: s }) => {
    if (s.kind !== 'health' || s.payload.personId !== personId) return false;
    const at = new Date(s.payload.body.measuredAt ?? s.createdAt);
    return localDate(at) === date && slotOf(at) === slot;
  });
}

/**
 * Today's two slots per member: the latest report of a slot decides (a re-report after a
 * rejection replaces it); a check-in waiting in the outbox shows as 待同步 unless the server
 * already holds a live report.
 */
export function todayOf(
  personId: string,
  reports: readonly HealthReport[],
  queued: readonly OutboxItem[],
  now = new Date(),
): MemberToday {
  const date = localDate(now);
  const slotState = (slot: Slot): SlotState => {
    const latest = reports.filter((r) => r.date === date && r.slot === slot).at(-1);
    const live = latest && latest.verification.status !== 'rejected';
    if (!live && queuedFor(personId, date, slot, queued)) return { status: 'queued', note: null };
    if (!latest)
      return { status: slot === 'morning' && slotOf(now) === 'evening' ? 'missed' : 'due', note: null };
    const v = latest.verification;
    if (v.status === 'rejected') return { status: 'rejected', note: v.note ?? null };
    return { status: v.status === 'confirmed' ? 'verified' : 'reported', note: null };
  };
  const last = [...reports].sort((a, b) => a.measuredAt.localeCompare(b.measuredAt)).at(-1);
  return { morning: slotState('morning'), evening: slotState('evening'), last: last?.temperature ?? null };
}

/** A slot that still needs a report from the household. */
export function needsReport(state: SlotState): boolean {
  return state.status === 'due' || state.status === 'rejected';
}

/** The household and its recent reports, from the API or, without signal, from the last visit. */
export async function loadHouseholdToday(): Promise<{ household: Household; recent: RecentReports }> {
  const household = await loadWithCache('household', getMyHousehold);
  const recent = await loadWithCache('recent-reports', () => loadRecentReports(household)).catch(
    () => ({}) as RecentReports,
  );
  return { household, recent };
}
