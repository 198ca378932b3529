/**
 * One gridworker's copy of a notice, with its acknowledgement: beside the notice (the acks view is
 * one query) and in its gridworker's inbox (gsi1), carrying a copy of the notice so the inbox is one
 * query too.
 */
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { GetCommand, QueryCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { inboxEntrySchema } from '@grid/shared';
import * as z from 'zod';
import { batchWrite } from '../../../lib/dynamo/batch';
import { db, tableName } from '../../../lib/dynamo/client';
import { decodeCursor, encodeCursor } from '../../../lib/dynamo/cursor';
import { parseItem, parseItems, parseOptionalItem } from '../../../lib/dynamo/parse-item';
import { queryAll } from '../../../lib/dynamo/query';
import { noticeKeys } from './notice';

export const receiptItemSchema = inboxEntrySchema.extend({
  userId: z.string(),
  name: z.string(),
  /** The gridworker's grids within the notice's scope when it was published. */
  gridCodes: z.array(z.string()),
});
export type ReceiptItem = z.infer<typeof receiptItemSchema>;

export const receiptKeys = {
  item: (noticeId: string, userId: string) => ({ pk: noticeKeys.item(noticeId).pk, sk: `RCPT#${userId}` }),
  /** The sort-key prefix of a notice's receipts. */
  ofNoticePrefix: 'RCPT#',
  /** gsi1 partition of a gridworker's notices, newest last in key order (read descending). */
  inbox: (userId: string) => `INBOX#${userId}`,
};

/** Writes the receipts 25 to a request (BatchWrite), retrying what DynamoDB hands back. */
export async function putReceipts(receipts: ReceiptItem[]): Promise<void> {
  await batchWrite(
    receipts.map((r) => ({
      PutRequest: {
        Item: {
          ...receiptKeys.item(r.noticeId, r.userId),
          type: 'NOTICE_RECEIPT',
          ...r,
          gsi1pk: receiptKeys.inbox(r.userId),
          gsi1sk: `${r.createdAt}#${r.noticeId}`,
        },
      },
    })),
  );
}

/** A page of a gridworker's notices, newest first. */
export async function listInbox(userId: string, limit: number, cursor: string | undefined) {
  const partition = receiptKeys.inbox(userId);
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
    items: parseItems(receiptItemSchema, out.Items ?? []),
    nextCursor: encodeCursor(out.LastEvaluatedKey, { name: 'gsi1pk', value: partition }),
  };
}

export async function getReceipt(noticeId: string, userId: string): Promise<ReceiptItem | undefined> {
  const out = await db().send(
    new GetCommand({
      TableName: tableName(),
      Key: receiptKeys.item(noticeId, userId),
      ConsistentRead: true,
    }),
  );
  return parseOptionalItem(receiptItemSchema, out.Item);
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
        Key: receiptKeys.item(noticeId, userId),
        UpdateExpression: 'SET acknowledgedAt = :at',
        ConditionExpression: 'attribute_exists(pk) AND acknowledgedAt = :null',
        ExpressionAttributeValues: { ':at': at, ':null': null },
        ReturnValues: 'ALL_NEW',
      }),
    );
    return parseItem(receiptItemSchema, out.Attributes ?? {});
  } catch (err) {
    if (err instanceof ConditionalCheckFailedException) return getReceipt(noticeId, userId);
    throw err;
  }
}

/** What the acks view reads of each receipt (a projection: thousands of small items for a city-wide notice). */
export const receiptSummarySchema = receiptItemSchema.pick({
  userId: true,
  name: true,
  gridCodes: true,
  acknowledgedAt: true,
});
export type ReceiptSummary = z.infer<typeof receiptSummarySchema>;

/** Every receipt of a notice (one partition). */
export async function listReceipts(noticeId: string): Promise<ReceiptSummary[]> {
  return parseItems(
    receiptSummarySchema,
    await queryAll<Record<string, unknown>>({
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :rcpt)',
      ExpressionAttributeValues: { ':pk': noticeKeys.item(noticeId).pk, ':rcpt': receiptKeys.ofNoticePrefix },
      ProjectionExpression: 'userId, #n, gridCodes, acknowledgedAt',
      ExpressionAttributeNames: { '#n': 'name' },
    }),
  );
}
