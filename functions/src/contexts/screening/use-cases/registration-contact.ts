/**
 * The one-tap call for a registration task: the arrival's full phone, for staff whose scope holds the
 * task (its grid or queue). Every read is recorded on the task row (who, role, when, request) and
 * logged with ids only, as the person contact route is for residents.
 */
import type { RegistrationTaskContact } from '@grid/shared';
import type { Principal } from '../../../lib/auth/tokens';
import { decryptField } from '../../../lib/crypto/personal-data';
import { AppError } from '../../../lib/errors';
import { logger } from '../../../lib/middleware/logger';
import { currentRequest } from '../../../lib/request-context';
import { recordContactRead } from '../entities/registration-task';
import { loadOpenRow } from './registration-tasks';

export async function taskContact(
  principal: Principal,
  taskId: string,
  now: Date,
): Promise<RegistrationTaskContact> {
  const row = await loadOpenRow(principal, taskId);
  const requestId = currentRequest()?.requestId ?? 'unknown';
  const read = await recordContactRead(row.importId, row.rowNumber, {
    byUserId: principal.userId,
    byRole: principal.role,
    at: now.toISOString(),
    requestId,
  });
  if (!read) throw new AppError('TASK_CLOSED');
  logger.info('task contact read', { taskId, byUserId: principal.userId, byRole: principal.role, requestId });
  return { taskId, name: row.name, phone: read.phoneEnc ? decryptField(read.phoneEnc) : null };
}
