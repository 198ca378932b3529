/** Gridworker tasks that stand in when a resident cannot be reached (a reminder becomes a call). */
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { GetCommand, PutCommand, QueryCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { type Task, taskSchema } from '@grid/shared';
import { db, tableName } from '../../../lib/dynamo/client';
import { decodeCursor, encodeCursor } from '../../../lib/dynamo/cursor';
import { parseItems, parseOptionalItem } from '../../../lib/dynamo/parse-item';

export const taskItemSchema = taskSchema;
export type TaskItem = Task;

export const taskKeys = {
  item: (taskId: string) => ({ pk: `TASK#${taskId}`, sk: 'TASK' }),
  /** gsi1 partition of a grid's open tasks, oldest first. */
  openOfGrid: (gridCode: string) => `TASKS#${gridCode}`,
};

export async function putTask(task: TaskItem): Promise<void> {
  await db().send(
    new PutCommand({
      TableName: tableName(),
      Item: {
        ...taskKeys.item(task.taskId),
        type: 'TASK',
        ...task,
        gsi1pk: taskKeys.openOfGrid(task.gridCode),
        gsi1sk: `${task.createdAt}#${task.taskId}`,
      },
      ConditionExpression: 'attribute_not_exists(pk)',
    }),
  );
}

export async function getTask(taskId: string): Promise<TaskItem | undefined> {
  const out = await db().send(new GetCommand({ TableName: tableName(), Key: taskKeys.item(taskId) }));
  return parseOptionalItem(taskItemSchema, out.Item);
}

export async function listOpenTasks(gridCode: string, limit: number, cursor?: string) {
  const partition = taskKeys.openOfGrid(gridCode);
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
    items: parseItems(taskItemSchema, out.Items ?? []),
    nextCursor: encodeCursor(out.LastEvaluatedKey, { name: 'gsi1pk', value: partition }),
  };
}

/** Closes a task once; false when it is no longer open. */
export async function completeTask(taskId: string, by: string, at: string): Promise<boolean> {
  try {
    await db().send(
      new UpdateCommand({
        TableName: tableName(),
        Key: taskKeys.item(taskId),
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
