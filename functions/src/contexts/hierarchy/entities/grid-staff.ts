/**
 * Grid staff on both sides: the user's scopes and the grid's membership item (`GRIDSTAFF#<grid>`,
 * read by identity's listGridStaff to notify a grid's staff), changed together in one transaction.
 */
import { TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { db, tableName } from '../../../lib/dynamo/client';
import { keys } from '../../../lib/dynamo/keys';
import { failedConditions } from '../../../lib/dynamo/transactions';

/**
 * Replaces a staff member's grid scopes if they are still what the caller read, and adds or
 * removes the grid's membership item in the same transaction. False when the user changed meanwhile.
 */
export async function changeGridStaff(
  user: { userId: string; role: string; scopes: string[] },
  nextScopes: string[],
  membership: { gridCode: string; action: 'add' | 'remove' },
): Promise<boolean> {
  const member = keys.gridStaff(membership.gridCode, user.userId);
  try {
    await db().send(
      new TransactWriteCommand({
        TransactItems: [
          {
            Update: {
              TableName: tableName(),
              Key: keys.user(user.userId),
              // Taking a grid away raises the access version: tokens naming the grid are refused.
              UpdateExpression:
                membership.action === 'remove'
                  ? 'SET scopes = :next, accessVersion = if_not_exists(accessVersion, :zero) + :one'
                  : 'SET scopes = :next',
              ConditionExpression: 'scopes = :read AND #role = :role',
              ExpressionAttributeNames: { '#role': 'role' },
              ExpressionAttributeValues: {
                ':next': nextScopes,
                ':read': user.scopes,
                ':role': user.role,
                ...(membership.action === 'remove' ? { ':zero': 0, ':one': 1 } : {}),
              },
            },
          },
          membership.action === 'add'
            ? {
                Put: {
                  TableName: tableName(),
                  Item: { ...member, type: 'GRIDSTAFF', userId: user.userId, role: user.role },
                },
              }
            : { Delete: { TableName: tableName(), Key: member } },
        ],
      }),
    );
    return true;
  } catch (err) {
    if (failedConditions(err)) return false;
    throw err;
  }
}
