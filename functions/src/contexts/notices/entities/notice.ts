/**
 * Notices published down the hierarchy. The notice shares its partition with its receipts (the acks
 * view is one query). A publisher's Idempotency-Key is claimed in the notice's own transaction.
 */
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { noticeSchema } from '@grid/shared';
import * as z from 'zod';
import { db, tableName } from '../../../lib/dynamo/client';
import { parseOptionalItem } from '../../../lib/dynamo/parse-item';
import type { KeyClaim, TransactItem } from '../../../lib/idempotency';

export const noticeItemSchema = noticeSchema.extend({
  /** The publisher's scopes when it published: centres above them see the acks too. */
  publisherScopes: z.array(z.string()),
});
export type NoticeItem = z.infer<typeof noticeItemSchema>;

export const noticeKeys = {
  item: (noticeId: string) => ({ pk: `NOTICE#${noticeId}`, sk: 'NOTICE' }),
  /** Claims a publisher's Idempotency-Key for a notice; holds the notice's id (expires after 7 days). */
  publisherKey: (userId: string, idempotencyKey: string) => ({
    pk: `USER#${userId}`,
    sk: `NOTICEKEY#${idempotencyKey}`,
  }),
};

/** A publisher's claim: which notice its key published. */
export interface NoticeKeyClaim extends KeyClaim {
  noticeId: string;
}
export const NOTICE_KEY_CLAIM_TYPE = 'NOTICE_KEY';

/** The write of a new notice (fails if its id is taken). */
export function noticePut(notice: NoticeItem): TransactItem {
  return {
    Put: {
      TableName: tableName(),
      Item: { ...noticeKeys.item(notice.noticeId), type: 'NOTICE', ...notice },
      ConditionExpression: 'attribute_not_exists(pk)',
    },
  };
}

export async function getNotice(noticeId: string): Promise<NoticeItem | undefined> {
  const out = await db().send(new GetCommand({ TableName: tableName(), Key: noticeKeys.item(noticeId) }));
  return parseOptionalItem(noticeItemSchema, out.Item);
}
