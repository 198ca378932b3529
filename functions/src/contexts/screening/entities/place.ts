/** A place in a grid (shop, workplace, school, market) with its last screening. */
import { GetCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { placeSchema, placeScreeningSchema } from '@grid/shared';
import * as z from 'zod';
import { db, tableName } from '../../../lib/dynamo/client';
import { parseItems, parseOptionalItem } from '../../../lib/dynamo/parse-item';
import { queryAll } from '../../../lib/dynamo/query';

export const placeItemSchema = placeSchema.extend({
  type: z.literal('PLACE'),
  createdBy: z.string(),
  /** The last screening as stored (see place-screening.ts), with its Idempotency-Key and hash. */
  lastScreening: placeScreeningSchema
    .extend({ idempotencyKey: z.string(), requestHash: z.string() })
    .nullable(),
});
export type PlaceItem = z.infer<typeof placeItemSchema>;

export const placeKeys = {
  item: (placeId: string) => ({ pk: `PLACE#${placeId}`, sk: 'PLACE' }),
  /** gsi1 partition of a grid's places. */
  ofGrid: (gridCode: string) => `PLACES#${gridCode}`,
};

export async function putPlace(place: PlaceItem): Promise<void> {
  await db().send(
    new TransactWriteCommand({
      TransactItems: [
        {
          Put: {
            TableName: tableName(),
            Item: {
              ...placeKeys.item(place.placeId),
              ...place,
              gsi1pk: placeKeys.ofGrid(place.gridCode),
              gsi1sk: place.placeId,
            },
            ConditionExpression: 'attribute_not_exists(pk)',
          },
        },
      ],
    }),
  );
}

export async function getPlace(placeId: string): Promise<PlaceItem | undefined> {
  const out = await db().send(new GetCommand({ TableName: tableName(), Key: placeKeys.item(placeId) }));
  return parseOptionalItem(placeItemSchema, out.Item);
}

export async function listPlacesOfGrid(gridCode: string): Promise<PlaceItem[]> {
  const items = await queryAll<Record<string, unknown>>({
    IndexName: 'gsi1',
    KeyConditionExpression: 'gsi1pk = :pk',
    ExpressionAttributeValues: { ':pk': placeKeys.ofGrid(gridCode) },
  });
  return parseItems(placeItemSchema, items);
}
