/**
 * Follow-ups: a gridworker's call or visit for a quarantined person's check, in the person's
 * partition by day and slot (so retention purges them with the health reports). The request's
 * Idempotency-Key is claimed in the quarantine's partition together with the write, so a retry
 * (even one that lands in the next slot) gets the original.
 */
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { followUpSchema, type Slot } from '@grid/shared';
import * as z from 'zod';
import { db, tableName } from '../../../lib/dynamo/client';
import { parseOptionalItem } from '../../../lib/dynamo/parse-item';
import { type Claimed, claimedWrite, type KeyClaim } from '../../../lib/idempotency';

export const followUpItemSchema = followUpSchema.extend({
  type: z.literal('FOLLOW_UP'),
  gridCode: z.string(),
  householdId: z.string(),
  personName: z.string(),
  idempotencyKey: z.string(),
  requestHash: z.string(),
});
export type FollowUpItem = z.infer<typeof followUpItemSchema>;

/** What a follow-up's Idempotency-Key claim remembers: where the follow-up it made is stored. */
interface FollowUpClaim extends KeyClaim {
  personId: string;
  date: string;
  slot: Slot;
}

export const followUpKeys = {
  item: (personId: string, date: string, slot: Slot, key: string) => ({
    pk: `PERSON#${personId}`,
    sk: `FU#${date}#${slot}#${key}`,
  }),
  claim: (quarantineId: string, idempotencyKey: string) => ({
    pk: `QT#${quarantineId}`,
    sk: `FUKEY#${idempotencyKey}`,
  }),
};

async function getFollowUp(personId: string, date: string, slot: Slot, key: string) {
  const out = await db().send(
    new GetCommand({
      TableName: tableName(),
      Key: followUpKeys.item(personId, date, slot, key),
      ConsistentRead: true,
    }),
  );
  return parseOptionalItem(followUpItemSchema, out.Item);
}

/** Records a follow-up and claims its Idempotency-Key at once; a retry gets the original. */
export function putFollowUp(item: FollowUpItem, now: Date): Promise<Claimed<FollowUpItem>> {
  return claimedWrite<FollowUpClaim, FollowUpItem>({
    claimKey: followUpKeys.claim(item.quarantineId, item.idempotencyKey),
    claim: {
      type: 'FOLLOW_UP_KEY',
      idempotencyKey: item.idempotencyKey,
      requestHash: item.requestHash,
      personId: item.personId,
      date: item.date,
      slot: item.slot,
    },
    writes: [
      {
        Put: {
          TableName: tableName(),
          Item: { ...followUpKeys.item(item.personId, item.date, item.slot, item.idempotencyKey), ...item },
          ConditionExpression: 'attribute_not_exists(pk)',
        },
      },
    ],
    value: item,
    original: (claim) => getFollowUp(claim.personId, claim.date, claim.slot, claim.idempotencyKey),
    now,
  });
}
