/**
 * Notifications through WeChat subscribe messages. A one-time subscription allows one message, so
 * each send consumes a grant the user gave in the mini program; with none left, nothing is sent
 * and the caller decides the fallback (a resident's reminder becomes a gridworker's task).
 *
 * When WeChat cannot be reached the message is kept (its grant stays used) and the
 * `retryNotifications` job sends it later with backoff; after the last attempt, or once the message
 * is worthless (a reminder past its deadline), it is given up: the grant comes back and the
 * caller's fallback task, if any, goes on the gridworker's list.
 */

import type { PageLink, TemplateName } from '@grid/shared';
import { now as clockNow } from '../../../lib/clock';
import { config } from '../../../lib/config';
import { newId } from '../../../lib/ids';
import { logger } from '../../../lib/middleware/logger';
import { wechat } from '../../../lib/wechat';
import { WeChatError } from '../../../lib/wechat/wechat-errors';
import { getUser } from '../../identity/entities/users';
import { addGrant, consumeGrant } from '../entities/grant';
import {
  claimPendingAttempt,
  deletePendingMessage,
  type FallbackTask,
  listDuePendingMessages,
  type PendingMessageItem,
  putPendingMessage,
} from '../entities/pending-message';
import { putTask } from '../entities/task';

export type NotifyOutcome = 'sent' | 'no_grant' | 'no_wechat' | 'failed' | 'queued';

/** Sends of one message at most, the first one included. */
export const MAX_SEND_ATTEMPTS = 5;
/** Wait after the first failed send; doubles after each further one, up to an hour. */
const FIRST_RETRY_DELAY_MS = 5 * 60_000;
const MAX_RETRY_DELAY_MS = 60 * 60_000;
/** A message nobody set a limit for is worth sending for this long. */
const DEFAULT_RETRY_WINDOW_MS = 24 * 60 * 60_000;

export function retryDelayMs(attempts: number): number {
  return Math.min(MAX_RETRY_DELAY_MS, FIRST_RETRY_DELAY_MS * 2 ** Math.max(0, attempts - 1));
}

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

function send(openid: string, template: TemplateName, fields: Record<string, string>, page: string) {
  const data = Object.fromEntries(Object.entries(fields).map(([k, v]) => [k, { value: clip(v) }]));
  return wechat().sendSubscribeMessage({ openid, templateId: templateId(template), page, data });
}

const isWeChatDown = (err: unknown) => err instanceof WeChatError && err.kind === 'UNAVAILABLE';
const isRevoked = (err: unknown) => err instanceof WeChatError && err.kind === 'NOT_SUBSCRIBED';

export interface NotifyOptions {
  /** When the message is no longer worth sending (default: a day after `now`). */
  giveUpAt?: Date;
  /** Put on the gridworker's list if the message is given up on after WeChat failures. */
  fallbackTask?: FallbackTask;
  /** The time of the attempt (default: the clock's). */
  now?: Date;
}

export async function notifyUser(
  userId: string,
  template: TemplateName,
  fields: Record<string, string>,
  /** The page the message opens: one of the app's pages (shared/src/pages.ts). */
  page: PageLink,
  options: NotifyOptions = {},
): Promise<NotifyOutcome> {
  const user = await getUser(userId);
  if (!user?.openid) return 'no_wechat';
  if (!(await consumeGrant(userId, template))) return 'no_grant';
  try {
    await send(user.openid, template, fields, page);
    return 'sent';
  } catch (err) {
    if (isRevoked(err)) {
      // The user revoked it inside WeChat: our count was stale; it is used up now.
      return 'no_grant';
    }
    logger.warn('subscribe message failed', { template, error: err as Error });
    if (isWeChatDown(err)) {
      const now = options.now ?? clockNow();
      const giveUpAt = options.giveUpAt ?? new Date(now.getTime() + DEFAULT_RETRY_WINDOW_MS);
      await putPendingMessage({
        messageId: newId(now),
        userId,
        template,
        fields,
        page,
        attempts: 1,
        nextAttemptAt: new Date(now.getTime() + retryDelayMs(1)).toISOString(),
        giveUpAt: giveUpAt.toISOString(),
        fallbackTask: options.fallbackTask ?? null,
        createdAt: now.toISOString(),
      });
      return 'queued';
    }
    await addGrant(userId, template, 1); // not delivered: give the grant back
    return 'failed';
  }
}

export interface RetryResult {
  due: number;
  sent: number;
  /** Still failing; kept for a later run. */
  kept: number;
  /** Given up: too many attempts, past their limit, revoked, or the user is gone. */
  givenUp: number;
  /** Left due because WeChat failed earlier in this run. */
  deferred: number;
}

async function giveUp(message: PendingMessageItem, now: Date, grantBack: boolean): Promise<void> {
  if (grantBack) await addGrant(message.userId, message.template, 1);
  if (message.fallbackTask) {
    await putTask({
      ...message.fallbackTask,
      taskId: newId(now),
      status: 'open',
      createdAt: now.toISOString(),
      doneBy: null,
      doneAt: null,
    });
  }
  await deletePendingMessage(message.userId, message.messageId);
}

/**
 * Job: sends again the messages WeChat did not take, oldest due first. Each attempt is claimed
 * before sending, so overlapping runs send a message once. While WeChat keeps failing, one failed
 * send per run is enough: the rest wait for the next run (their limits still apply).
 */
export async function retryPendingNotifications(now: Date): Promise<RetryResult> {
  const result: RetryResult = { due: 0, sent: 0, kept: 0, givenUp: 0, deferred: 0 };
  let weChatDown = false;
  for (const message of await listDuePendingMessages(now.toISOString())) {
    result.due++;
    if (now.toISOString() >= message.giveUpAt) {
      await giveUp(message, now, true);
      result.givenUp++;
      continue;
    }
    if (weChatDown) {
      result.deferred++;
      continue;
    }
    const attempt = message.attempts + 1;
    if (!(await claimPendingAttempt(message, new Date(now.getTime() + retryDelayMs(attempt)).toISOString())))
      continue;
    const user = await getUser(message.userId);
    if (!user?.openid) {
      await giveUp(message, now, false);
      result.givenUp++;
      continue;
    }
    try {
      await send(user.openid, message.template, message.fields, message.page);
      await deletePendingMessage(message.userId, message.messageId);
      result.sent++;
    } catch (err) {
      if (isRevoked(err)) {
        await giveUp(message, now, false);
        result.givenUp++;
        continue;
      }
      weChatDown = isWeChatDown(err);
      logger.warn('subscribe message retry failed', {
        template: message.template,
        attempt,
        error: err as Error,
      });
      if (attempt >= MAX_SEND_ATTEMPTS) {
        await giveUp(message, now, true);
        result.givenUp++;
      } else {
        result.kept++;
      }
    }
  }
  return result;
}
