import { ConditionalCheckFailedException, TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { PutCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
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

/**
 * Writes a new item and claims the request's Idempotency-Key in one transaction. When the key is
 * already claimed, nothing is written and the claim comes back (read in the same call), so the
 * caller can tell a retry (same request: answer the original) from a reuse (another request).
 */
export async function putClaimingKey<Claim extends object>(
  claim: Record<string, unknown>,
  item: Record<string, unknown>,
): Promise<{ created: true } | { created: false; claim: Claim }> {
  try {
    await db().send(
      new TransactWriteCommand({
        TransactItems: [
          {
            Put: {
              TableName: tableName(),
              Item: claim,
              ConditionExpression: 'attribute_not_exists(pk)',
              ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
            },
          },
          { Put: { TableName: tableName(), Item: item, ConditionExpression: 'attribute_not_exists(pk)' } },
        ],
      }),
    );
    return { created: true };
  } catch (err) {
    const taken =
      err instanceof TransactionCanceledException ? err.CancellationReasons?.[0]?.Item : undefined;
    if (taken) return { created: false, claim: unmarshall(taken) as Claim };
    throw err;
  }
}
