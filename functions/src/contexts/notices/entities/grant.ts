/** A user's remaining one-time subscribe-message grants, one item per template. */
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { QueryCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { type TemplateName, templateNameSchema } from '@grid/shared';
import * as z from 'zod';
import { db, tableName } from '../../../lib/dynamo/client';
import { parseItems } from '../../../lib/dynamo/parse-item';
import { userKeys } from '../../identity/entities/users';

export const grantItemSchema = z.lazy(() =>
  z.object({ template: templateNameSchema, remaining: z.number().int() }),
);

const GRANT_PREFIX = 'GRANT#';

export const grantKeys = {
  /** In the user's partition. */
  item: (userId: string, template: string) => ({
    pk: userKeys.item(userId).pk,
    sk: `${GRANT_PREFIX}${template}`,
  }),
};

export async function addGrant(userId: string, template: TemplateName, count: number): Promise<void> {
  await db().send(
    new UpdateCommand({
      TableName: tableName(),
      Key: grantKeys.item(userId, template),
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
        Key: grantKeys.item(userId, template),
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
      ExpressionAttributeValues: { ':pk': userKeys.item(userId).pk, ':g': GRANT_PREFIX },
    }),
  );
  const grants: Record<TemplateName, number> = { checkReminder: 0, alert: 0, supplyStatus: 0 };
  for (const item of parseItems(grantItemSchema, out.Items ?? [])) grants[item.template] = item.remaining;
  return grants;
}
