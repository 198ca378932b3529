/** Checkpoints of a village or grid: set up by its centre or gridworker, listed for whoever mans them. */

import type { Checkpoint, CreateCheckpointRequest } from '@grid/shared';
import { villageOf } from '@grid/shared';
import type { Principal } from '../../../lib/auth/tokens';
import { AppError } from '../../../lib/errors';
import { newId } from '../../../lib/ids';
import { getGrid } from '../../hierarchy/entities/grid';
import { getRegion } from '../../hierarchy/entities/region';
import { type CheckpointItem, listCheckpointsOfVillage, putCheckpoint } from '../entities/checkpoints';
import { canReachRegion } from './access';

export function toCheckpoint(item: CheckpointItem): Checkpoint {
  return {
    checkpointId: item.checkpointId,
    regionCode: item.regionCode,
    villageCode: item.villageCode,
    name: item.name,
    kind: item.kind,
    hours: item.hours,
    createdAt: item.createdAt,
  };
}

export async function createCheckpoint(
  principal: Principal,
  input: CreateCheckpointRequest & { hours: { opens: string; closes: string } },
  now: Date,
): Promise<Checkpoint> {
  if (!canReachRegion(principal, input.regionCode)) throw new AppError('FORBIDDEN_SCOPE');
  if (input.regionCode.length === 15) {
    if (!(await getGrid(input.regionCode)))
      throw new AppError('GRID_UNKNOWN', { gridCode: input.regionCode });
  } else if ((await getRegion(input.regionCode))?.level !== 'village') {
    throw new AppError('REGION_UNKNOWN', { code: input.regionCode });
  }
  const item: CheckpointItem = {
    type: 'CHECKPOINT',
    checkpointId: newId(now),
    regionCode: input.regionCode,
    villageCode: villageOf(input.regionCode),
    name: input.name,
    kind: input.kind,
    hours: input.hours,
    createdAt: now.toISOString(),
    createdBy: principal.userId,
  };
  await putCheckpoint(item);
  return toCheckpoint(item);
}

/** A village's checkpoints (its grids' too), or one grid's. */
export async function listCheckpoints(
  principal: Principal,
  regionCode: string,
): Promise<{ items: Checkpoint[] }> {
  if (!canReachRegion(principal, regionCode)) throw new AppError('FORBIDDEN_SCOPE');
  const items = await listCheckpointsOfVillage(villageOf(regionCode));
  return {
    items: items
      .filter((c) => regionCode.length === 12 || c.regionCode === regionCode)
      .filter((c) => canReachRegion(principal, c.regionCode))
      .map(toCheckpoint),
  };
}
