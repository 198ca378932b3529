/**
 * A centre's task for an escalated alert none of its staff could be messaged about: one item per
 * alert and level, in the alert's partition (`ALERT#<id>`, `RTASK#<level>`), listed newest first in
 * the centre's gsi1 partition (`RTASKS#<region>`) while its alert is unresolved: resolving the alert
 * takes its tasks off the list (the gsi1 keys go, the item stays as a record).
 */
import { QueryCommand, TransactWriteCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { regionTaskSchema } from '@grid/shared';
import * as z from 'zod';
import { db, tableName } from '../../../lib/dynamo/client';
import { queryPage } from '../../../lib/dynamo/cursor';
import { parseItems } from '../../../lib/dynamo/parse-item';
import { failedConditions } from '../../../lib/dynamo/transactions';
import { alertKeys } from './alert';

export const escalationTaskItemSchema = regionTaskSchema.extend({ type: z.literal('ESCALATION_TASK') });
export type EscalationTaskItem = z.infer<typeof escalationTaskItemSchema>;

const TASK_PREFIX = 'RTASK#';

export const escalationTaskKeys = {
  item: (alertId: string, level: string) => ({
    pk: alertKeys.item(alertId).pk,
    sk: `${TASK_PREFIX}${level}`,
  }),
  /** gsi1 partition of a street's or district's open tasks, by creation time. */
  ofRegion: (regionCode: string) => `RTASKS#${regionCode}`,
};

/**
 * Puts the task unless this alert's task at this level exists (a rerun job adds none) or the alert
 * was resolved meanwhile (checked in the same transaction, so no task outlives its alert's resolve:
 * see closeEscalationTasks).
 */
export async function putEscalationTask(task: EscalationTaskItem): Promise<boolean> {
  try {
    await db().send(
      new TransactWriteCommand({
        TransactItems: [
          {
            Put: {
              TableName: tableName(),
              Item: {
                ...escalationTaskKeys.item(task.alertId, task.level),
                ...task,
                gsi1pk: escalationTaskKeys.ofRegion(task.regionCode),
                gsi1sk: `${task.createdAt}#${task.alertId}`,
              },
              ConditionExpression: 'attribute_not_exists(pk)',
            },
          },
          {
            ConditionCheck: {
              TableName: tableName(),
              Key: alertKeys.item(task.alertId),
              ConditionExpression: 'attribute_exists(pk) AND #s <> :resolved',
              ExpressionAttributeNames: { '#s': 'status' },
              ExpressionAttributeValues: { ':resolved': 'resolved' },
            },
          },
        ],
      }),
    );
    return true;
  } catch (err) {
    if (failedConditions(err)) return false;
    throw err;
  }
}

/**
 * Takes a resolved alert's tasks off their centres' lists. Called after the alert's status changed
 * (a task put from then on fails its check), so every task put before is found here; idempotent.
 */
export async function closeEscalationTasks(alertId: string): Promise<number> {
  const out = await db().send(
    new QueryCommand({
      TableName: tableName(),
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :p)',
      FilterExpression: 'attribute_exists(gsi1pk)',
      ExpressionAttributeValues: { ':pk': alertKeys.item(alertId).pk, ':p': TASK_PREFIX },
      ProjectionExpression: 'pk, sk',
      ConsistentRead: true,
    }),
  );
  const keys = (out.Items ?? []) as { pk: string; sk: string }[];
  for (const key of keys) {
    await db().send(
      new UpdateCommand({ TableName: tableName(), Key: key, UpdateExpression: 'REMOVE gsi1pk, gsi1sk' }),
    );
  }
  return keys.length;
}

/** A page of a region's open tasks, newest first. */
export async function listEscalationTasks(
  regionCode: string,
  limit: number,
  cursor: string | undefined,
): Promise<{ items: EscalationTaskItem[]; nextCursor: string | null }> {
  const page = await queryPage<Record<string, unknown>>({
    partition: escalationTaskKeys.ofRegion(regionCode),
    index: 'gsi1',
    newestFirst: true,
    limit,
    cursor,
  });
  return { items: parseItems(escalationTaskItemSchema, page.items), nextCursor: page.nextCursor };
}
