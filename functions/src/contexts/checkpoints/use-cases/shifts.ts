/**
 * The duty roster: shifts at a checkpoint, assigned by its centre or gridworker to a gridworker or
 * volunteer of its village, signed in and out by that person from the gate. Sign-in and sign-out
 * are each done once: repeating one (a replay from the outbox) answers the shift as it stands.
 */
import { addDays, type CreateShiftRequest, localDate, type Shift, shiftsOverlap } from '@grid/shared';
import type { Principal } from '../../../lib/auth/tokens';
import { AppError } from '../../../lib/errors';
import { type Claimed, claimedWrite, requestHash as hashOf } from '../../../lib/idempotency';
import { newId } from '../../../lib/ids';
import { getUser } from '../../identity/entities/users';
import {
  getShift,
  getShiftClaim,
  listRoster,
  listShiftsOfStaff,
  moveShift,
  type ShiftItem,
  shiftWrite,
} from '../entities/checkpoints';
import { canMan, loadCheckpointInScope } from './access';

function toShift(item: ShiftItem): Shift {
  return {
    shiftId: item.shiftId,
    checkpointId: item.checkpointId,
    checkpointName: item.checkpointName,
    staffId: item.staffId,
    staffName: item.staffName,
    date: item.date,
    starts: item.starts,
    ends: item.ends,
    status: item.status,
    signedInAt: item.signedInAt,
    signedOutAt: item.signedOutAt,
  };
}

/**
 * Puts a gridworker or volunteer of the checkpoint's village on its roster, once per Idempotency-Key:
 * a double tap or a retry after a lost answer gets the shift the key wrote (200), not a second one.
 * A person is not put on two shifts that overlap in time (at any checkpoint).
 */
export async function assignShift(
  principal: Principal,
  checkpointId: string,
  input: CreateShiftRequest,
  idempotencyKey: string,
  now: Date,
): Promise<Claimed<Shift>> {
  const checkpoint = await loadCheckpointInScope(principal, checkpointId);
  const requestHash = hashOf({ checkpointId, ...input });
  // A retry is answered before the checks: the shift it wrote would now overlap itself.
  const replayed = await replayedShift(checkpointId, idempotencyKey, requestHash);
  if (replayed) return { created: false, value: replayed };
  const staff = await getUser(input.staffId);
  if (!staff || staff.disabled || (staff.role !== 'gridworker' && staff.role !== 'volunteer')) {
    throw new AppError('STAFF_UNKNOWN');
  }
  if (!canMan(staff, checkpoint)) throw new AppError('SHIFT_STAFF_OUT_OF_SCOPE');
  // A shift of the day before may run past midnight into this one.
  const theirs = await listShiftsOfStaff(staff.userId, addDays(input.date, -1));
  const clash = theirs.find((s) => shiftsOverlap(s, input));
  if (clash) {
    // A simultaneous send of this same key (a double tap) may have written its shift since the
    // claim was read above: that shift is this request's own, answered as a replay, not an overlap.
    const sameKey = await replayedShift(checkpointId, idempotencyKey, requestHash);
    if (sameKey) return { created: false, value: sameKey };
    throw new AppError('SHIFT_OVERLAPS', {
      shift: {
        checkpointName: clash.checkpointName,
        date: clash.date,
        starts: clash.starts,
        ends: clash.ends,
      },
    });
  }
  const item: ShiftItem = {
    type: 'SHIFT',
    shiftId: newId(now),
    checkpointId,
    checkpointName: checkpoint.name,
    staffId: staff.userId,
    staffName: staff.name,
    date: input.date,
    starts: input.starts,
    ends: input.ends,
    status: 'assigned',
    signedInAt: null,
    signedOutAt: null,
    assignedBy: principal.userId,
    createdAt: now.toISOString(),
  };
  return claimedWrite({
    ...shiftWrite(item, { idempotencyKey, requestHash }),
    value: toShift(item),
    original: async (claim) => {
      const original = await getShift(claim.shiftId);
      return original && toShift(original);
    },
    now,
  });
}

async function replayedShift(checkpointId: string, idempotencyKey: string, hash: string) {
  const claim = await getShiftClaim(checkpointId, idempotencyKey);
  if (!claim) return undefined;
  if (claim.requestHash !== hash) throw new AppError('IDEMPOTENCY_KEY_REUSED');
  const original = await getShift(claim.shiftId);
  return original && toShift(original);
}

export async function getRoster(principal: Principal, checkpointId: string, date: string) {
  await loadCheckpointInScope(principal, checkpointId);
  return { items: (await listRoster(checkpointId, date)).map(toShift) };
}

/** My shifts from a day on (today by default), for 值守. */
export async function myShifts(principal: Principal, from: string | undefined, now: Date) {
  return { items: (await listShiftsOfStaff(principal.userId, from ?? localDate(now))).map(toShift) };
}

const MOVES = {
  'sign-in': { from: 'assigned', to: 'on_duty', stamp: 'signedInAt' },
  'sign-out': { from: 'on_duty', to: 'done', stamp: 'signedOutAt' },
} as const;

export async function signShift(
  principal: Principal,
  shiftId: string,
  action: keyof typeof MOVES,
  now: Date,
): Promise<Shift> {
  const shift = await getShift(shiftId);
  if (!shift) throw new AppError('FORBIDDEN_SCOPE');
  await loadCheckpointInScope(principal, shift.checkpointId);
  if (shift.staffId !== principal.userId) throw new AppError('SHIFT_NOT_YOURS');
  const move = MOVES[action];
  if (shift.status === move.to) return toShift(shift);
  const moved = await moveShift(shiftId, move.from, move.to, move.stamp, now.toISOString());
  if (moved) return toShift(moved);
  // Moved meanwhile: the same move (a replay that raced) is done; anything else is refused.
  const current = await getShift(shiftId);
  if (current?.status === move.to) return toShift(current);
  throw new AppError('INVALID_TRANSITION', { status: current?.status ?? shift.status });
}
