/**
 * Notices down the hierarchy: a centre publishes to every gridworker under a region, gridworkers
 * read and acknowledge, the centre sees who has not, per child region.
 */
import {
  type CreateNoticeRequest,
  type InboxEntry,
  isWithinAnyScope,
  type Notice,
  type NoticeAcks,
} from '@grid/shared';
import type { Principal } from '../../../lib/auth/tokens';
import { AppError } from '../../../lib/errors';
import { type Claimed, claimedWrite, requestHash } from '../../../lib/idempotency';
import { newId } from '../../../lib/ids';
import { mapLimit } from '../../../lib/map-limit';
import { logger } from '../../../lib/middleware/logger';
import { listGridsUnder } from '../../hierarchy/entities/grid';
import { getRegion, listChildRegions } from '../../hierarchy/entities/region';
import { getUsersUnordered, listGridStaff } from '../../identity/entities/users';
import {
  getNotice,
  NOTICE_KEY_CLAIM_TYPE,
  type NoticeItem,
  type NoticeKeyClaim,
  noticeKeys,
  noticePut,
} from '../entities/notice';
import {
  acknowledgeReceipt,
  listInbox,
  listReceipts,
  putReceipts,
  type ReceiptItem,
} from '../entities/notice-receipt';

/**
 * Who receives a notice to a scope: the gridworkers of every grid under it, each with its grids
 * there. The grids come from the city's grid list (one query, prefix of the scope), then one
 * membership query per grid.
 */
async function gridworkersUnder(scope: string): Promise<Map<string, string[]>> {
  const grids = await listGridsUnder(scope);
  const staffByGrid = await mapLimit(grids, 16, async (g) => ({
    gridCode: g.gridCode,
    staff: await listGridStaff(g.gridCode),
  }));
  const gridsOf = new Map<string, string[]>();
  for (const { gridCode, staff } of staffByGrid) {
    for (const member of staff) {
      if (member.role !== 'gridworker') continue;
      gridsOf.set(member.userId, [...(gridsOf.get(member.userId) ?? []), gridCode]);
    }
  }
  return gridsOf;
}

function toNotice(n: NoticeItem): Notice {
  return {
    noticeId: n.noticeId,
    title: n.title,
    body: n.body,
    deadline: n.deadline,
    ackRequired: n.ackRequired,
    scope: n.scope,
    publishedBy: n.publishedBy,
    publisherName: n.publisherName,
    createdAt: n.createdAt,
    recipients: n.recipients,
  };
}

/**
 * Publishes a notice and writes one receipt per gridworker with BatchWrite, in the request: a city
 * of ~6,000 gridworkers is ~240 batch requests plus ~4,000 membership queries, a few seconds.
 * Beyond that the fan-out belongs in a queue or stream worker (docs/architecture.md).
 *
 * The publisher's Idempotency-Key is claimed with the notice (claimedWrite): a retried POST answers
 * the notice it published (200), the same key with another body is 422.
 */
export async function publishNotice(
  principal: Principal,
  input: CreateNoticeRequest,
  idempotencyKey: string,
  now: Date,
): Promise<Claimed<Notice>> {
  if (!isWithinAnyScope(input.scope, principal.scopes)) throw new AppError('FORBIDDEN_SCOPE');
  if (!(await getRegion(input.scope))) throw new AppError('REGION_UNKNOWN', { code: input.scope });

  const [publisher] = await getUsersUnordered([principal.userId]);
  const gridsOf = await gridworkersUnder(input.scope);
  const users = new Map((await getUsersUnordered([...gridsOf.keys()])).map((u) => [u.userId, u]));
  const notice: NoticeItem = {
    noticeId: newId(now),
    title: input.title,
    body: input.body,
    deadline: input.deadline ? new Date(input.deadline).toISOString() : null,
    ackRequired: input.ackRequired,
    scope: input.scope,
    publishedBy: principal.userId,
    publisherName: publisher?.name ?? '',
    publisherScopes: principal.scopes,
    createdAt: now.toISOString(),
    recipients: gridsOf.size,
  };
  const result = await claimedWrite<NoticeKeyClaim, Notice>({
    claimKey: noticeKeys.publisherKey(principal.userId, idempotencyKey),
    claim: {
      type: NOTICE_KEY_CLAIM_TYPE,
      noticeId: notice.noticeId,
      idempotencyKey,
      requestHash: requestHash(input),
    },
    writes: [noticePut(notice)],
    value: toNotice(notice),
    original: async (claim) => {
      const published = await getNotice(claim.noticeId);
      return published && toNotice(published);
    },
    now,
  });
  if (!result.created) return result;
  const receipts: ReceiptItem[] = [...gridsOf].map(([userId, gridCodes]) => ({
    noticeId: notice.noticeId,
    userId,
    name: users.get(userId)?.name ?? '',
    gridCodes,
    title: notice.title,
    body: notice.body,
    deadline: notice.deadline,
    ackRequired: notice.ackRequired,
    publisherName: notice.publisherName,
    createdAt: notice.createdAt,
    acknowledgedAt: null,
  }));
  await putReceipts(receipts);
  logger.info('notice published', {
    noticeId: notice.noticeId,
    scope: notice.scope,
    recipients: receipts.length,
  });
  return result;
}

function toInboxEntry(r: ReceiptItem): InboxEntry {
  return {
    noticeId: r.noticeId,
    title: r.title,
    body: r.body,
    deadline: r.deadline,
    ackRequired: r.ackRequired,
    publisherName: r.publisherName,
    createdAt: r.createdAt,
    acknowledgedAt: r.acknowledgedAt,
  };
}

export async function inbox(principal: Principal, limit: number, cursor: string | undefined) {
  const page = await listInbox(principal.userId, limit, cursor);
  return { items: page.items.map(toInboxEntry), nextCursor: page.nextCursor };
}

/** Acknowledges once; a second call answers the first acknowledgement. */
export async function acknowledgeNotice(
  principal: Principal,
  noticeId: string,
  now: Date,
): Promise<InboxEntry> {
  const receipt = await acknowledgeReceipt(noticeId, principal.userId, now.toISOString());
  if (!receipt) throw new AppError('FORBIDDEN_SCOPE');
  return toInboxEntry(receipt);
}

/** For the publisher and the centres above it: acknowledged or not, per child region, and who has not. */
export async function noticeAcks(principal: Principal, noticeId: string): Promise<NoticeAcks> {
  const notice = await getNotice(noticeId);
  if (!notice || !isWithinAnyScope(notice.scope, principal.scopes)) throw new AppError('FORBIDDEN_SCOPE');
  const [children, receipts] = await Promise.all([listChildRegions(notice.scope), listReceipts(noticeId)]);
  const acknowledged = (r: { acknowledgedAt: string | null }) => r.acknowledgedAt !== null;
  const byChild = children
    .sort((a, b) => a.code.localeCompare(b.code))
    .map((child) => {
      const under = receipts.filter((r) => r.gridCodes.some((g) => g.startsWith(child.code)));
      return {
        code: child.code,
        name: child.name,
        recipients: under.length,
        acknowledged: under.filter(acknowledged).length,
      };
    });
  return {
    noticeId,
    scope: notice.scope,
    ackRequired: notice.ackRequired,
    totals: { recipients: receipts.length, acknowledged: receipts.filter(acknowledged).length },
    byChild,
    pending: receipts
      .filter((r) => !acknowledged(r))
      .map((r) => ({ userId: r.userId, name: r.name, gridCodes: r.gridCodes })),
  };
}
