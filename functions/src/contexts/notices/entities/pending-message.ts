/** Subscribe messages WeChat did not take (it was down), kept to be sent again. */
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { DeleteCommand, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { taskSchema, templateNameSchema } from '@grid/shared';
import * as z from 'zod';
import { db, tableName } from '../../../lib/dynamo/client';
import { parseItems } from '../../../lib/dynamo/parse-item';
import { queryAll } from '../../../lib/dynamo/query';
import { userKeys } from '../../identity/entities/users';

/** What a gridworker is asked to do when a message is given up on (a reminder becomes a call). */
export const fallbackTaskSchema = taskSchema.omit({
  taskId: true,
  status: true,
  createdAt: true,
  doneBy: true,
  doneAt: true,
});
export type FallbackTask = z.infer<typeof fallbackTaskSchema>;

/** A subscribe message WeChat did not take; its grant stays used until it is sent or given up. */
export const pendingMessageItemSchema = z.lazy(() =>
  z.object({
    messageId: z.string(),
    userId: z.string(),
    template: templateNameSchema,
    fields: z.record(z.string(), z.string()),
    page: z.string(),
    /** Sends tried so far, the first one included. */
    attempts: z.number().int(),
    nextAttemptAt: z.string(),
    /** After this the message is worthless (a reminder after its deadline): give up. */
    giveUpAt: z.string(),
    fallbackTask: fallbackTaskSchema.nullable(),
    createdAt: z.string(),
  }),
);
export type PendingMessageItem = z.infer<typeof pendingMessageItemSchema>;

export const pendingMessageKeys = {
  /** In the user's partition. */
  item: (userId: string, messageId: string) => ({
    pk: userKeys.item(userId).pk,
    sk: `PENDINGMSG#${messageId}`,
  }),
  /** gsi1 partition of every pending message, by next attempt time (non-empty only while WeChat fails). */
  due: 'PENDINGMSGS',
};

/** Days a forgotten pending message lingers before DynamoDB's TTL removes it. */
const PENDING_MESSAGE_TTL_DAYS = 3;

function pendingIndex(item: Pick<PendingMessageItem, 'nextAttemptAt' | 'userId' | 'messageId'>) {
  return {
    gsi1pk: pendingMessageKeys.due,
    gsi1sk: `${item.nextAttemptAt}#${item.userId}#${item.messageId}`,
  };
}

export async function putPendingMessage(item: PendingMessageItem): Promise<void> {
  await db().send(
    new PutCommand({
      TableName: tableName(),
      Item: {
        ...pendingMessageKeys.item(item.userId, item.messageId),
        type: 'PENDING_MESSAGE',
        ...item,
        ...pendingIndex(item),
        expiresAt: Math.floor(Date.parse(item.giveUpAt) / 1000) + PENDING_MESSAGE_TTL_DAYS * 86_400,
      },
      ConditionExpression: 'attribute_not_exists(pk)',
    }),
  );
}

/** Pending messages due at `at` or before, oldest first. */
export async function listDuePendingMessages(at: string): Promise<PendingMessageItem[]> {
  return parseItems(
    pendingMessageItemSchema,
    await queryAll<Record<string, unknown>>({
      IndexName: 'gsi1',
      KeyConditionExpression: 'gsi1pk = :pk AND gsi1sk <= :due',
      ExpressionAttributeValues: { ':pk': pendingMessageKeys.due, ':due': `${at}#~` },
    }),
  );
}

/**
 * Claims the next attempt of a message: counts it and moves its next attempt on, conditional on
 * the count read, so two overlapping runs never send it twice. False when another run has it.
 */
export async function claimPendingAttempt(item: PendingMessageItem, nextAttemptAt: string): Promise<boolean> {
  try {
    await db().send(
      new UpdateCommand({
        TableName: tableName(),
        Key: pendingMessageKeys.item(item.userId, item.messageId),
        UpdateExpression: 'SET attempts = :next, nextAttemptAt = :at, gsi1sk = :sk',
        ConditionExpression: 'attempts = :seen',
        ExpressionAttributeValues: {
          ':seen': item.attempts,
          ':next': item.attempts + 1,
          ':at': nextAttemptAt,
          ':sk': pendingIndex({ ...item, nextAttemptAt }).gsi1sk,
        },
      }),
    );
    return true;
  } catch (err) {
    if (err instanceof ConditionalCheckFailedException) return false;
    throw err;
  }
}

export async function deletePendingMessage(userId: string, messageId: string): Promise<void> {
  await db().send(
    new DeleteCommand({ TableName: tableName(), Key: pendingMessageKeys.item(userId, messageId) }),
  );
}
