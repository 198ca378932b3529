/**
 * One screening of a place's staff, in the place's partition. Its key holds the request's
 * Idempotency-Key, so the screening is its own claim (see recordPlaceScreeningOnce).
 */
import { placeScreeningSchema } from '@grid/shared';
import * as z from 'zod';
import { tableName } from '../../../lib/dynamo/client';
import { type Claimed, claimedWrite } from '../../../lib/idempotency';
import { placeKeys } from './place';

export const placeScreeningItemSchema = placeScreeningSchema.extend({
  type: z.literal('PLACE_SCREENING'),
  idempotencyKey: z.string(),
  /** Hash of the request, to tell a retry from another request under the same key. */
  requestHash: z.string(),
});
export type PlaceScreeningItem = z.infer<typeof placeScreeningItemSchema>;

export const placeScreeningKeys = {
  item: (placeId: string, date: string, idempotencyKey: string) => ({
    pk: `PLACE#${placeId}`,
    sk: `SCREEN#${date}#${idempotencyKey}`,
  }),
};

/**
 * The screening (claiming its key) and the place's last screening, in one transaction. A retry
 * with the same request answers the stored screening (created false); another request under the
 * key is 422 IDEMPOTENCY_KEY_REUSED.
 */
export function recordPlaceScreeningOnce(
  screening: PlaceScreeningItem,
  now: Date,
): Promise<Claimed<PlaceScreeningItem>> {
  const { type: _type, ...last } = screening;
  return claimedWrite({
    claimKey: placeScreeningKeys.item(screening.placeId, screening.date, screening.idempotencyKey),
    claim: screening,
    expires: false,
    writes: [
      {
        Update: {
          TableName: tableName(),
          Key: placeKeys.item(screening.placeId),
          UpdateExpression: 'SET lastScreening = :s',
          ConditionExpression: 'attribute_exists(pk)',
          ExpressionAttributeValues: { ':s': last },
        },
      },
    ],
    value: screening,
    original: async (stored) => placeScreeningItemSchema.parse(stored),
    now,
  });
}
