/** Reading a registration task's phone: recorded on the task row itself, in the same write. */
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { db, tableName } from '../../../lib/dynamo/client';
import { keys } from '../../../lib/dynamo/keys';

export interface ContactRead {
  byUserId: string;
  byRole: string;
  at: string;
  requestId: string;
}

/**
 * Appends who read the task's phone, while the task is open, and returns the sealed phone; undefined
 * when the task closed meanwhile.
 */
export async function recordContactRead(
  importId: string,
  rowNumber: number,
  read: ContactRead,
): Promise<{ phoneEnc: string | null } | undefined> {
  try {
    const out = await db().send(
      new UpdateCommand({
        TableName: tableName(),
        Key: keys.importRow(importId, rowNumber),
        UpdateExpression: 'SET contactReads = list_append(if_not_exists(contactReads, :none), :one)',
        ConditionExpression: '#status = :open',
        ExpressionAttributeNames: { '#status': 'status' },
        ExpressionAttributeValues: { ':none': [], ':one': [read], ':open': 'open' },
        ReturnValues: 'ALL_NEW',
      }),
    );
    return { phoneEnc: (out.Attributes?.phoneEnc as string | null | undefined) ?? null };
  } catch (err) {
    if (err instanceof ConditionalCheckFailedException) return undefined;
    throw err;
  }
}
