/**
 * A centre's task for an escalated alert none of its staff could be messaged about: one item per
 * alert and level, in the alert's partition (`ALERT#<id>`, `RTASK#<level>`), listed newest first in
 * the centre's gsi1 partition (`RTASKS#<region>`).
 */
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { PutCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { regionTaskSchema } from '@grid/shared';
import * as z from 'zod';
import { db, tableName } from '../../../lib/dynamo/client';
import { parseItems } from '../../../lib/dynamo/parse-item';

export const escalationTaskItemSchema = regionTaskSchema.extend({ type: z.literal('ESCALATION_TASK') });
export type EscalationTaskItem = z.infer<typeof escalationTaskItemSchema>;

export const escalationTaskKeys = {
  item: (alertId: string, level: string) => ({ pk: `ALERT#${alertId}`, sk: `RTASK#${level}` }),
  /** gsi1 partition of a street's or district's tasks, by creation time. */
  ofRegion: (regionCode: string) => `RTASKS#${regionCode}`,
};

/** Puts the task unless this alert's task at this level exists (a rerun job adds none). */
export async function putEscalationTask(task: EscalationTaskItem): Promise<boolean> {
  try {
    await db().send(
      new PutCommand({
        TableName: tableName(),
        Item: {
          ...escalationTaskKeys.item(task.alertId, task.level),
          ...task,
          gsi1pk: escalationTaskKeys.ofRegion(task.regionCode),
          gsi1sk: `${task.createdAt}#${task.alertId}`,
        },
        ConditionExpression: 'attribute_not_exists(pk)',
      }),
    );
    return true;
  } catch (err) {
    if (err instanceof ConditionalCheckFailedException) return false;
    throw err;
  }
}

/** A region's newest tasks. */
export async function listEscalationTasks(regionCode: string, limit: number): Promise<EscalationTaskItem[]> {
  const out = await db().send(
    new QueryCommand({
      TableName: tableName(),
      IndexName: 'gsi1',
      KeyConditionExpression: 'gsi1pk = :pk',
      ExpressionAttributeValues: { ':pk': escalationTaskKeys.ofRegion(regionCode) },
      ScanIndexForward: false,
      Limit: limit,
    }),
  );
  return parseItems(escalationTaskItemSchema, out.Items ?? []);
}
