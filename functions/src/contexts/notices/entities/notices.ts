/**
 * Notices down the hierarchy. The notice and one receipt per gridworker share the notice's
 * partition (the acks view is one query); each receipt is also in its gridworker's inbox (gsi1),
 * carrying a copy of the notice so the inbox is one query too.
 */
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { GetCommand, PutCommand, QueryCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { Notice } from '@grid/shared';
import { batchWrite } from '../../../lib/dynamo/batch';
import { db, tableName } from '../../../lib/dynamo/client';
import { decodeCursor, encodeCursor } from '../../../lib/dynamo/cursor';
import { keys } from '../../../lib/dynamo/keys';
import { queryAll } from '../../../lib/dynamo/query-all';

export interface NoticeItem extends Notice {
  publisherScopes: string[];
}

export interface ReceiptItem {
  noticeId: string;
  userId: string;
  name: string;
  /** The gridworker's grids within the notice's scope when it was published. */
  gridCodes: string[];
  title: string;
  body: string;
  deadline: string | null;
  ackRequired: boolean;
  publisherName: string;
  createdAt: string;
  acknowledgedAt: string | null;
}

export async function putNotice(notice: NoticeItem): Promise<void> {
  await db().send(
    new PutCommand({
      TableName: tableName(),
      Item: { ...keys.notice(notice.noticeId), type: 'NOTICE', ...notice },
      ConditionExpression: 'attribute_not_exists(pk)',
    }),
  );
}

export interface NoticeKeyClaim {
  noticeId: string;
  idempotencyKey: string;
  requestHash: string;
}

/** Claims a publisher's Idempotency-Key for a notice: null when claimed now, else the earlier claim. */
export async function claimNoticeKey(
  userId: string,
  claim: NoticeKeyClaim,
  expiresAt: number,
): Promise<NoticeKeyClaim | null> {
  try {
    await db().send(
      new PutCommand({
        TableName: tableName(),
        Item: { ...keys.noticeKey(userId, claim.idempotencyKey), type: 'NOTICE_KEY', ...claim, expiresAt },
        ConditionExpression: 'attribute_not_exists(pk)',
      }),
    );
    return null;
  } catch (err) {
    if (!(err instanceof ConditionalCheckFailedException)) throw err;
    const again = await db().send(
      new GetCommand({
        TableName: tableName(),
        Key: keys.noticeKey(userId, claim.idempotencyKey),
        ConsistentRead: true,
      }),
    );
    return (again.Item as NoticeKeyClaim | undefined) ?? claim;
  }
}

/** Writes a notice unless one with its id exists; false when it did. */
export async function putNoticeOnce(notice: NoticeItem): Promise<boolean> {
  try {
    await putNotice(notice);
    return true;
  } catch (err) {
    if (err instanceof ConditionalCheckFailedException) return false;
    throw err;
  }
}

export async function getNotice(noticeId: string): Promise<NoticeItem | undefined> {
  const out = await db().send(new GetCommand({ TableName: tableName(), Key: keys.notice(noticeId) }));
  return out.Item as NoticeItem | undefined;
}

/** Writes the receipts 25 to a request (BatchWrite), retrying what DynamoDB hands back. */
export async function putReceipts(receipts: ReceiptItem[]): Promise<void> {
  await batchWrite(
    receipts.map((r) => ({
      PutRequest: {
        Item: {
          ...keys.noticeReceipt(r.noticeId, r.userId),
          type: 'NOTICE_RECEIPT',
          ...r,
          gsi1pk: keys.noticeInbox(r.userId),
          gsi1sk: `${r.createdAt}#${r.noticeId}`,
        },
      },
    })),
  );
}

/** A page of a gridworker's notices, newest first. */
export async function listInbox(userId: string, limit: number, cursor: string | undefined) {
  const partition = keys.noticeInbox(userId);
  const out = await db().send(
    new QueryCommand({
      TableName: tableName(),
      IndexName: 'gsi1',
      KeyConditionExpression: 'gsi1pk = :pk',
      ExpressionAttributeValues: { ':pk': partition },
      ScanIndexForward: false,
      Limit: limit,
      ExclusiveStartKey: decodeCursor(cursor, { name: 'gsi1pk', value: partition }),
    }),
  );
  return {
    items: (out.Items ?? []) as ReceiptItem[],
    nextCursor: encodeCursor(out.LastEvaluatedKey, { name: 'gsi1pk', value: partition }),
  };
}

export async function getReceipt(noticeId: string, userId: string): Promise<ReceiptItem | undefined> {
  const out = await db().send(
    new GetCommand({
      TableName: tableName(),
      Key: keys.noticeReceipt(noticeId, userId),
      ConsistentRead: true,
    }),
  );
  return out.Item as ReceiptItem | undefined;
}

/** Acknowledges a receipt once; the receipt as it stands after the call, undefined when there is none. */
export async function acknowledgeReceipt(
  noticeId: string,
  userId: string,
  at: string,
): Promise<ReceiptItem | undefined> {
  try {
    const out = await db().send(
      new UpdateCommand({
        TableName: tableName(),
        Key: keys.noticeReceipt(noticeId, userId),
        UpdateExpression: 'SET acknowledgedAt = :at',
        ConditionExpression: 'attribute_exists(pk) AND acknowledgedAt = :null',
        ExpressionAttributeValues: { ':at': at, ':null': null },
        ReturnValues: 'ALL_NEW',
      }),
    );
    return out.Attributes as ReceiptItem;
  } catch (err) {
    if (err instanceof ConditionalCheckFailedException) return getReceipt(noticeId, userId);
    throw err;
  }
}

/** Every receipt of a notice (one partition: thousands of small items for a city-wide notice). */
export type ReceiptSummary = Pick<ReceiptItem, 'userId' | 'name' | 'gridCodes' | 'acknowledgedAt'>;

export async function listReceipts(noticeId: string): Promise<ReceiptSummary[]> {
  return queryAll<ReceiptSummary>({
    KeyConditionExpression: 'pk = :pk AND begins_with(sk, :rcpt)',
    ExpressionAttributeValues: { ':pk': keys.notice(noticeId).pk, ':rcpt': 'RCPT#' },
    ProjectionExpression: 'userId, #n, gridCodes, acknowledgedAt',
    ExpressionAttributeNames: { '#n': 'name' },
  });
}
