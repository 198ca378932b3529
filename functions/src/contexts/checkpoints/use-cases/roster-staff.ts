/**
 * Who an organiser may put on a checkpoint's roster: the gridworkers and volunteers of its village's
 * grids (of its own grid, for a dedicated grid's checkpoint), by the same rule assignShift checks
 * (`canMan`). Names and roles only: the picker shows no phone numbers.
 */
import type { RosterStaff } from '@grid/shared';
import type { Principal } from '../../../lib/auth/tokens';
import { listGridsUnder } from '../../hierarchy/entities/grid';
import { getUsersUnordered, listGridStaff } from '../../identity/entities/users';
import { canMan, loadCheckpointInScope } from './access';

export async function rosterStaff(
  principal: Principal,
  checkpointId: string,
): Promise<{ items: RosterStaff[] }> {
  const checkpoint = await loadCheckpointInScope(principal, checkpointId);
  const grids =
    checkpoint.regionCode.length === 15
      ? [checkpoint.regionCode]
      : (await listGridsUnder(checkpoint.villageCode)).map((g) => g.gridCode);
  // A village has a handful of grids, each a handful of staff: one query per grid, one batch read.
  const members = (await Promise.all(grids.map((g) => listGridStaff(g)))).flat();
  const users = await getUsersUnordered([...new Set(members.map((m) => m.userId))]);
  const items: RosterStaff[] = [];
  for (const u of users) {
    if (u.disabled || !canMan(u, checkpoint)) continue;
    if (u.role === 'gridworker' || u.role === 'volunteer')
      items.push({ userId: u.userId, name: u.name, role: u.role });
  }
  items.sort((a, b) => a.name.localeCompare(b.name, 'zh-Hans-CN') || a.userId.localeCompare(b.userId));
  return { items };
}
