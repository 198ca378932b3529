/**
 * A travel declaration, in the declaring person's partition. Its key holds the request's
 * Idempotency-Key, which is its identity: see submissions.ts for how it is written once and put on
 * its grid's pending list.
 */
import { travelDeclarationSchema } from '@grid/shared';
import * as z from 'zod';
import { parseItems } from '../../../lib/dynamo/parse-item';
import { queryAll } from '../../../lib/dynamo/query';
import { idempotencyFields, personSnapshotFields } from './health-report';

export const travelDeclarationItemSchema = travelDeclarationSchema.extend({
  type: z.literal('TRAVEL_DECLARATION'),
  ...personSnapshotFields,
  ...idempotencyFields,
});
export type TravelDeclarationItem = z.infer<typeof travelDeclarationItemSchema>;

const PREFIX = 'TD#';

export const travelDeclarationKeys = {
  item: (personId: string, idempotencyKey: string) => ({
    pk: `PERSON#${personId}`,
    sk: `${PREFIX}${idempotencyKey}`,
  }),
};

/** A person's travel declarations made since an instant (declarations are few per person). */
export async function listTravelDeclarationsSince(
  personId: string,
  since: string,
): Promise<TravelDeclarationItem[]> {
  const items = await queryAll<Record<string, unknown>>({
    KeyConditionExpression: 'pk = :pk AND begins_with(sk, :td)',
    FilterExpression: 'createdAt >= :since',
    ExpressionAttributeValues: {
      ':pk': travelDeclarationKeys.item(personId, '').pk,
      ':td': PREFIX,
      ':since': since,
    },
  });
  return parseItems(travelDeclarationItemSchema, items);
}
