/**
 * A health report (check-in) of one person for one slot of one Shanghai day, in the person's
 * partition. Its key is its identity (person, day, slot, attempt): see submissions.ts for how it is
 * written once and put on its grid's pending list.
 */
import { healthReportSchema, type Slot } from '@grid/shared';
import * as z from 'zod';
import { parseItems } from '../../../lib/dynamo/parse-item';
import { queryAll } from '../../../lib/dynamo/query';

/** Denormalized so the pending list needs no second read; only masked forms are copied. */
export const personSnapshotFields = {
  householdId: z.string(),
  personName: z.string(),
  idNumberMasked: z.string(),
  phoneMasked: z.string().nullable(),
};

export const idempotencyFields = {
  idempotencyKey: z.string(),
  /** Hash of the request body, to tell a retry from a different request with the same key. */
  requestHash: z.string(),
};

export const healthReportItemSchema = healthReportSchema.extend({
  type: z.literal('HEALTH_REPORT'),
  ...personSnapshotFields,
  ...idempotencyFields,
  /** Lets the stream consumer mark the quarantine check without reading the person again. */
  quarantineId: z.string().nullable(),
});
export type HealthReportItem = z.infer<typeof healthReportItemSchema>;

const PREFIX = 'HR#';

export const healthReportKeys = {
  /** Attempt 2, 3…: the slot's report was rejected and reported again; the rejected one stays. */
  item: (personId: string, date: string, slot: Slot, attempt = 1) => ({
    pk: `PERSON#${personId}`,
    sk: attempt > 1 ? `${PREFIX}${date}#${slot}#${attempt}` : `${PREFIX}${date}#${slot}`,
  }),
};

/** A person's reports of the days from…to (inclusive), in key order. */
export async function listHealthReports(
  personId: string,
  from: string,
  to: string,
): Promise<HealthReportItem[]> {
  const items = await queryAll<Record<string, unknown>>({
    KeyConditionExpression: 'pk = :pk AND sk BETWEEN :from AND :to',
    ExpressionAttributeValues: {
      ':pk': healthReportKeys.item(personId, from, 'morning').pk,
      ':from': `${PREFIX}${from}`,
      ':to': `${PREFIX}${to}#~`,
    },
  });
  return parseItems(healthReportItemSchema, items);
}
