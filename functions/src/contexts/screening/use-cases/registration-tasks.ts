/**
 * Registration tasks: unmatched rows of an import routed to a grid, or queued at a centre. A
 * gridworker links the person found (or registered); a centre hands a queued row to a grid; a
 * registration of the same ID number closes open rows by itself (stream consumer).
 */
import { type ImportRow, isWithinAnyScope } from '@grid/shared';
import { loadPersonInScope } from '../../../lib/auth/access';
import type { Principal } from '../../../lib/auth/tokens';
import { AppError } from '../../../lib/errors';
import { getGrid } from '../../hierarchy/entities/grid';
import type { RowItem } from '../entities/import-row';
import {
  assignRow,
  closeRow,
  findOpenRowKeysByIdHash,
  getRow,
  listOpenTasksOfGrid,
  listQueueOfRegion,
  parseTaskId,
} from '../entities/registration-task';
import { minutesSince } from './cross-match-rows';
import { toRow } from './cross-match-view';

export async function loadOpenRow(principal: Principal, taskId: string): Promise<RowItem> {
  const { importId, rowNumber } = parseTaskId(taskId);
  const row = await getRow(importId, rowNumber);
  if (!row?.route || !isWithinAnyScope(row.route.code, principal.scopes) || principal.role === 'resident') {
    throw new AppError('FORBIDDEN_SCOPE');
  }
  if (row.status !== 'open') throw new AppError('TASK_CLOSED', { locatedPersonId: row.locatedPersonId });
  return row;
}

export async function listGridTasks(
  principal: Principal,
  gridCode: string,
  query: { cursor?: string; limit: number },
) {
  if (!isWithinAnyScope(gridCode, principal.scopes)) throw new AppError('FORBIDDEN_SCOPE');
  const page = await listOpenTasksOfGrid(gridCode, query.cursor, query.limit);
  return { items: page.items.map(toRow), nextCursor: page.nextCursor };
}

export async function listRegionQueue(
  principal: Principal,
  regionCode: string,
  query: { cursor?: string; limit: number },
) {
  if (!isWithinAnyScope(regionCode, principal.scopes)) throw new AppError('FORBIDDEN_SCOPE');
  const page = await listQueueOfRegion(regionCode, query.cursor, query.limit);
  return { items: page.items.map(toRow), nextCursor: page.nextCursor };
}

/** The gridworker found the person (or registered them): the task closes, the ledger counts it. */
export async function linkTask(
  principal: Principal,
  taskId: string,
  personId: string,
  now: Date,
): Promise<ImportRow> {
  const row = await loadOpenRow(principal, taskId);
  await loadPersonInScope(principal, personId);
  const closed = await closeRow(row, {
    personId,
    by: principal.userId,
    at: now.toISOString(),
    minutes: minutesSince(row.importCreatedAt, now),
  });
  if (!closed) throw new AppError('TASK_CLOSED');
  const fresh = await getRow(row.importId, row.rowNumber);
  return toRow(fresh ?? row);
}

/** A centre hands a queued row to one of its grids. */
export async function assignTask(principal: Principal, taskId: string, gridCode: string): Promise<ImportRow> {
  const row = await loadOpenRow(principal, taskId);
  if (row.outcome !== 'queued')
    throw new AppError('INVALID_TRANSITION', { from: row.outcome, action: 'assign' });
  if (!isWithinAnyScope(gridCode, principal.scopes)) throw new AppError('FORBIDDEN_SCOPE');
  if (!(await getGrid(gridCode))) throw new AppError('GRID_UNKNOWN');
  if (!(await assignRow(row, gridCode))) throw new AppError('TASK_CLOSED');
  const fresh = await getRow(row.importId, row.rowNumber);
  return toRow(fresh ?? row);
}

/** A person was registered: open rows naming the same ID number close (stream consumer; repeatable). */
export async function closeRowsForRegisteredPerson(
  person: { personId: string; idHash: string },
  now: Date,
): Promise<number> {
  let closed = 0;
  for (const ref of await findOpenRowKeysByIdHash(person.idHash)) {
    const row = await getRow(ref.importId, ref.rowNumber);
    if (row?.status !== 'open') continue;
    const ok = await closeRow(row, {
      personId: person.personId,
      by: 'registration',
      at: now.toISOString(),
      minutes: minutesSince(row.importCreatedAt, now),
    });
    if (ok) closed++;
  }
  return closed;
}
