/**
 * One-off action claims (a reminder sent, one alert told to one user): the first caller wins, so
 * retried jobs and redelivered stream batches do not repeat it. The callers own the claims' keys.
 */
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { PutCommand } from '@aws-sdk/lib-dynamodb';
import { db, tableName } from '../../../lib/dynamo/client';

/** Kept for the quarantine context (converted beside this one): import putTask from task.ts after the merge. */
export { putTask } from './task';

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
