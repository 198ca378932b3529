/**
 * Notifications through WeChat subscribe messages. A one-time subscription allows one message, so
 * each send consumes a grant the user gave in the mini program; with none left, nothing is sent
 * and the caller decides the fallback (a resident's reminder becomes a gridworker's task).
 */

import { wechat } from '../adapters/wechat';
import { WeChatError } from '../adapters/wechat/wechat-errors';
import { config } from '../config';
import { addGrant, consumeGrant, type TemplateName } from '../data/notifications';
import { getUser } from '../data/users';
import { logger } from '../middleware/logger';

export type NotifyOutcome = 'sent' | 'no_grant' | 'no_wechat' | 'failed';

function templateId(template: TemplateName): string {
  const c = config();
  return {
    checkReminder: c.WECHAT_TEMPLATE_CHECK_REMINDER,
    alert: c.WECHAT_TEMPLATE_ALERT,
    supplyStatus: c.WECHAT_TEMPLATE_SUPPLY_STATUS,
  }[template];
}

/** WeChat limits `thing` values to 20 characters. */
function clip(value: string): string {
  return value.length > 20 ? `${value.slice(0, 19)}…` : value;
}

export async function notifyUser(
  userId: string,
  template: TemplateName,
  fields: Record<string, string>,
  page: string,
): Promise<NotifyOutcome> {
  const user = await getUser(userId);
  if (!user?.openid) return 'no_wechat';
  if (!(await consumeGrant(userId, template))) return 'no_grant';
  const data = Object.fromEntries(Object.entries(fields).map(([k, v]) => [k, { value: clip(v) }]));
  try {
    await wechat().sendSubscribeMessage({
      openid: user.openid,
      templateId: templateId(template),
      page,
      data,
    });
    return 'sent';
  } catch (err) {
    if (err instanceof WeChatError && err.kind === 'NOT_SUBSCRIBED') {
      // The user revoked it inside WeChat: our count was stale; it is used up now.
      return 'no_grant';
    }
    await addGrant(userId, template, 1); // not delivered: give the grant back
    logger.warn('subscribe message failed', { template, error: err as Error });
    return 'failed';
  }
}
