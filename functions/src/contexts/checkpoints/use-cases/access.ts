/**
 * Who reaches a checkpoint. The one scope rule holds (the checkpoint's region code starts with one
 * of the caller's scopes), plus one for the people who man the gate: a gridworker or volunteer
 * whose grid lies in a checkpoint's village works that village's checkpoints, though a grid scope
 * (15 digits) is narrower than the village (12). Unknown and out-of-scope ids answer the same 403.
 */
import { isWithinAnyScope } from '@grid/shared';
import type { Principal } from '../../../lib/auth/tokens';
import { AppError } from '../../../lib/errors';
import { type CheckpointItem, getCheckpoint } from '../entities/checkpoints';

/** Whether staff may reach (see, log at, man) a checkpoint of this village or grid. */
export function canReachRegion(principal: Principal, regionCode: string): boolean {
  if (principal.role === 'resident') return false;
  if (isWithinAnyScope(regionCode, principal.scopes)) return true;
  const gateStaff = principal.role === 'gridworker' || principal.role === 'volunteer';
  return gateStaff && regionCode.length === 12 && principal.scopes.some((s) => s.startsWith(regionCode));
}

/** Whether a staff member (by role and scopes) can be put on a checkpoint's roster. */
export function canMan(
  staff: { role: string; scopes: readonly string[] },
  checkpoint: CheckpointItem,
): boolean {
  if (staff.role !== 'gridworker' && staff.role !== 'volunteer') return false;
  return staff.scopes.some(
    (s) =>
      s.startsWith(checkpoint.villageCode) &&
      (checkpoint.regionCode.length === 12 || s === checkpoint.regionCode),
  );
}

export async function loadCheckpointInScope(
  principal: Principal,
  checkpointId: string,
): Promise<CheckpointItem> {
  const checkpoint = await getCheckpoint(checkpointId);
  if (!checkpoint || !canReachRegion(principal, checkpoint.regionCode)) throw new AppError('FORBIDDEN_SCOPE');
  return checkpoint;
}
