import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { PutCommand } from '@aws-sdk/lib-dynamodb';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import { db, tableName } from './client';

/**
 * Writes an item unless its key is taken; then returns the item holding the key, read in the same
 * call (ReturnValuesOnConditionCheckFailure), so idempotent writes cost one request.
 */
export async function putIfAbsent<T extends object>(
  key: { pk: string; sk: string },
  item: T,
  extra: Record<string, string> = {},
): Promise<{ created: true } | { created: false; existing: T }> {
  try {
    await db().send(
      new PutCommand({
        TableName: tableName(),
        Item: { ...key, ...item, ...extra },
        ConditionExpression: 'attribute_not_exists(pk)',
        ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
      }),
    );
    return { created: true };
  } catch (err) {
    if (err instanceof ConditionalCheckFailedException && err.Item) {
      return { created: false, existing: unmarshall(err.Item) as T };
    }
    throw err;
  }
}
