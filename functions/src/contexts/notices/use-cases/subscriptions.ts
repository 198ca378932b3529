/** The user's subscribe-message grants, and the gridworker tasks that replace missed reminders. */
import { type Task, type TemplateName, taskSchema } from '@grid/shared';
import { assertGridAccess } from '../../../lib/auth/access';
import type { Principal } from '../../../lib/auth/tokens';
import { config } from '../../../lib/config';
import { AppError } from '../../../lib/errors';
import { addGrant, getGrants } from '../entities/grant';
import { completeTask, getTask, listOpenTasks } from '../entities/task';

export async function subscriptions(principal: Principal) {
  const c = config();
  return {
    templates: {
      checkReminder: c.WECHAT_TEMPLATE_CHECK_REMINDER,
      alert: c.WECHAT_TEMPLATE_ALERT,
      supplyStatus: c.WECHAT_TEMPLATE_SUPPLY_STATUS,
    },
    remaining: await getGrants(principal.userId),
  };
}

export async function recordGrants(principal: Principal, accepted: TemplateName[]) {
  for (const template of new Set(accepted)) await addGrant(principal.userId, template, 1);
  return subscriptions(principal);
}

export async function gridTasks(principal: Principal, gridCode: string, limit: number, cursor?: string) {
  assertGridAccess(principal, gridCode);
  const page = await listOpenTasks(gridCode, limit, cursor);
  return { items: page.items.map((t) => taskSchema.parse(t)), nextCursor: page.nextCursor };
}

export async function finishTask(principal: Principal, taskId: string, now: Date): Promise<Task> {
  const task = await getTask(taskId);
  if (!task) throw new AppError('FORBIDDEN_SCOPE');
  assertGridAccess(principal, task.gridCode);
  if (!(await completeTask(taskId, principal.userId, now.toISOString()))) {
    throw new AppError('INVALID_TRANSITION', { from: task.status, action: 'done' });
  }
  return taskSchema.parse({ ...task, status: 'done', doneBy: principal.userId, doneAt: now.toISOString() });
}
