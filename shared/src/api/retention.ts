/** Retention: closing the epidemic response for a region, after which its health records are purged. */
import * as z from 'zod';

export const regionClosureRequestSchema = z.lazy(() =>
  z.strictObject({
    note: z.string().trim().min(1).max(200).optional(),
  }),
);
export type RegionClosureRequest = z.infer<typeof regionClosureRequestSchema>;

export const regionClosureSchema = z.lazy(() =>
  z.object({
    regionCode: z.string(),
    closedAt: z.iso.datetime(),
    closedBy: z.string(),
    note: z.string().nullable(),
    /** Health reports, travel declarations, follow-ups and supply requests of the region's people go after this. */
    purgeAfter: z.iso.datetime(),
    /** When the background job marked the region's records for purging; null until it has run. */
    markedAt: z.iso.datetime().nullable(),
    itemsMarked: z.number().int().nullable(),
  }),
);
export type RegionClosure = z.infer<typeof regionClosureSchema>;
