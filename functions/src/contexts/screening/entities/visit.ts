/**
 * A door visit (入户排查), in the household's partition. Its key holds the request's Idempotency-Key,
 * so the visit is its own claim: a retry finds it in the same call (see recordVisitOnce).
 */
import { visitSchema } from '@grid/shared';
import * as z from 'zod';
import { type Claimed, claimedWrite } from '../../../lib/idempotency';
import { screenedDayUpdate } from './screened-day';

export const visitItemSchema = visitSchema.extend({
  type: z.literal('VISIT'),
  idempotencyKey: z.string(),
  /** Hash of the request, to tell a retry from another request under the same key. */
  requestHash: z.string(),
});
export type VisitItem = z.infer<typeof visitItemSchema>;

export const visitKeys = {
  item: (householdId: string, date: string, idempotencyKey: string) => ({
    pk: `HH#${householdId}`,
    sk: `VISIT#${date}#${idempotencyKey}`,
  }),
};

/**
 * The visit (claiming its key) and the household's screened-day marker (latest outcome, visit
 * count) in one transaction. A retry with the same request answers the stored visit (created
 * false) and counts nothing; another request under the key is 422 IDEMPOTENCY_KEY_REUSED.
 */
export function recordVisitOnce(visit: VisitItem, address: string, now: Date): Promise<Claimed<VisitItem>> {
  return claimedWrite({
    claimKey: visitKeys.item(visit.householdId, visit.date, visit.idempotencyKey),
    claim: visit,
    expires: false,
    writes: [screenedDayUpdate(visit, address)],
    value: visit,
    original: async (stored) => visitItemSchema.parse(stored),
    now,
  });
}
