/**
 * Subscribe-message grants, the messages kept for another attempt while WeChat is down, and the
 * gridworker tasks that stand in when a resident cannot be reached.
 */
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { DeleteCommand, GetCommand, PutCommand, QueryCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { Task, TemplateName } from '@grid/shared';
import { db, tableName } from '../../../lib/dynamo/client';
import { decodeCursor, encodeCursor } from '../../../lib/dynamo/cursor';
import { keys } from '../../../lib/dynamo/keys';
import { queryAll } from '../../../lib/dynamo/query-all';

export type { TemplateName };

export async function addGrant(userId: string, template: TemplateName, count: number): Promise<void> {
  await db().send(
    new UpdateCommand({
      TableName: tableName(),
      Key: keys.grant(userId, template),
      UpdateExpression: 'ADD remaining :n SET #type = :type, template = :t',
      ExpressionAttributeNames: { '#type': 'type' },
      ExpressionAttributeValues: { ':n': count, ':type': 'GRANT', ':t': template },
    }),
  );
}

/** Uses one grant; false when none is left (WeChat would refuse the message). */
export async function consumeGrant(userId: string, template: TemplateName): Promise<boolean> {
  try {
    await db().send(
      new UpdateCommand({
        TableName: tableName(),
        Key: keys.grant(userId, template),
        UpdateExpression: 'ADD remaining :minus',
        ConditionExpression: 'remaining > :zero',
        ExpressionAttributeValues: { ':minus': -1, ':zero': 0 },
      }),
    );
    return true;
  } catch (err) {
    if (err instanceof ConditionalCheckFailedException) return false;
    throw err;
  }
}

export async function getGrants(userId: string): Promise<Record<TemplateName, number>> {
  const out = await db().send(
    new QueryCommand({
      TableName: tableName(),
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :g)',
      ExpressionAttributeValues: { ':pk': keys.user(userId).pk, ':g': 'GRANT#' },
    }),
  );
  const grants: Record<TemplateName, number> = { checkReminder: 0, alert: 0, supplyStatus: 0 };
  for (const item of out.Items ?? []) grants[item.template as TemplateName] = item.remaining as number;
  return grants;
}

/**
 * Claims a one-off action (a reminder, a notice of one alert to one user): true for the first
 * caller only, so retried jobs and redelivered stream batches do not repeat it.
 */
export async function claimOnce(key: { pk: string; sk: string }, at: string): Promise<boolean> {
  try {
    await db().send(
      new PutCommand({
        TableName: tableName(),
        Item: { ...key, type: 'CLAIM', at },
        ConditionExpression: 'attribute_not_exists(pk)',
      }),
    );
    return true;
  } catch (err) {
    if (err instanceof ConditionalCheckFailedException) return false;
    throw err;
  }
}

export type TaskItem = Task;

export async function putTask(task: TaskItem): Promise<void> {
  await db().send(
    new PutCommand({
      TableName: tableName(),
      Item: {
        ...keys.task(task.taskId),
        type: 'TASK',
        ...task,
        gsi1pk: keys.gridTasks(task.gridCode),
        gsi1sk: `${task.createdAt}#${task.taskId}`,
      },
      ConditionExpression: 'attribute_not_exists(pk)',
    }),
  );
}

export async function getTask(taskId: string): Promise<TaskItem | undefined> {
  const out = await db().send(new GetCommand({ TableName: tableName(), Key: keys.task(taskId) }));
  return out.Item as TaskItem | undefined;
}

export async function listOpenTasks(gridCode: string, limit: number, cursor?: string) {
  const partition = keys.gridTasks(gridCode);
  const out = await db().send(
    new QueryCommand({
      TableName: tableName(),
      IndexName: 'gsi1',
      KeyConditionExpression: 'gsi1pk = :pk',
      ExpressionAttributeValues: { ':pk': partition },
      Limit: limit,
      ExclusiveStartKey: decodeCursor(cursor, { name: 'gsi1pk', value: partition }),
    }),
  );
  return {
    items: (out.Items ?? []) as TaskItem[],
    nextCursor: encodeCursor(out.LastEvaluatedKey, { name: 'gsi1pk', value: partition }),
  };
}

/** Closes a task once; false when it is no longer open. */
export async function completeTask(taskId: string, by: string, at: string): Promise<boolean> {
  try {
    await db().send(
      new UpdateCommand({
        TableName: tableName(),
        Key: keys.task(taskId),
        UpdateExpression: 'SET #s = :done, doneBy = :by, doneAt = :at REMOVE gsi1pk, gsi1sk',
        ConditionExpression: '#s = :open',
        ExpressionAttributeNames: { '#s': 'status' },
        ExpressionAttributeValues: { ':done': 'done', ':open': 'open', ':by': by, ':at': at },
      }),
    );
    return true;
  } catch (err) {
    if (err instanceof ConditionalCheckFailedException) return false;
    throw err;
  }
}

/** What a gridworker is asked to do when a message is given up on (a reminder becomes a call). */
export type FallbackTask = Omit<TaskItem, 'taskId' | 'status' | 'createdAt' | 'doneBy' | 'doneAt'>;

/** A subscribe message WeChat did not take; its grant stays used until it is sent or given up. */
export interface PendingMessageItem {
  messageId: string;
  userId: string;
  template: TemplateName;
  fields: Record<string, string>;
  page: string;
  /** Sends tried so far, the first one included. */
  attempts: number;
  nextAttemptAt: string;
  /** After this the message is worthless (a reminder after its deadline): give up. */
  giveUpAt: string;
  fallbackTask: FallbackTask | null;
  createdAt: string;
}

/** Days a forgotten pending message lingers before DynamoDB's TTL removes it. */
const PENDING_MESSAGE_TTL_DAYS = 3;

function pendingIndex(item: Pick<PendingMessageItem, 'nextAttemptAt' | 'userId' | 'messageId'>) {
  return {
    gsi1pk: keys.pendingMessages,
    gsi1sk: `${item.nextAttemptAt}#${item.userId}#${item.messageId}`,
  };
}

export async function putPendingMessage(item: PendingMessageItem): Promise<void> {
  await db().send(
    new PutCommand({
      TableName: tableName(),
      Item: {
        ...keys.pendingMessage(item.userId, item.messageId),
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
  return queryAll<PendingMessageItem>({
    IndexName: 'gsi1',
    KeyConditionExpression: 'gsi1pk = :pk AND gsi1sk <= :due',
    ExpressionAttributeValues: { ':pk': keys.pendingMessages, ':due': `${at}#~` },
  });
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
        Key: keys.pendingMessage(item.userId, item.messageId),
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
  await db().send(new DeleteCommand({ TableName: tableName(), Key: keys.pendingMessage(userId, messageId) }));
}
