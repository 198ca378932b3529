/**
 * Checkpoints (劝返站) and their duty shifts. A checkpoint is listed under its village in gsi1; a
 * shift is its own item, listed under its staff member in gsi1 (my shifts, by date) and under its
 * checkpoint and day in gsi2 (the roster).
 */
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { GetCommand, QueryCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { checkpointSchema, type ShiftStatus, shiftSchema } from '@grid/shared';
import * as z from 'zod';
import { batchGet } from '../../../lib/dynamo/batch';
import { db, tableName } from '../../../lib/dynamo/client';
import { parseItem, parseItems, parseOptionalItem } from '../../../lib/dynamo/parse-item';
import { putIfAbsent } from '../../../lib/dynamo/put-if-absent';
import { queryAll } from '../../../lib/dynamo/query';
import type { KeyClaim, TransactItem } from '../../../lib/idempotency';

export const checkpointKeys = {
  checkpoint: (checkpointId: string) => ({ pk: `CP#${checkpointId}`, sk: 'CP' }),
  /** gsi1 partition of a village's checkpoints (its grids' included), oldest first. */
  checkpointsOfVillage: (villageCode: string) => `CPS#${villageCode}`,
  shift: (shiftId: string) => ({ pk: `SHIFT#${shiftId}`, sk: 'SHIFT' }),
  /** gsi1 partition of one staff member's shifts, by date and start. */
  shiftsOfStaff: (staffId: string) => `SHIFTS#${staffId}`,
  /** gsi2 partition (keys only) of a checkpoint's shifts on one day: the roster. */
  roster: (checkpointId: string, date: string) => `ROSTER#${checkpointId}#${date}`,
  /** Claims an Idempotency-Key of an assignment at one checkpoint; holds the shift it wrote. */
  shiftKey: (checkpointId: string, idempotencyKey: string) => ({
    pk: `CP#${checkpointId}`,
    sk: `SHIFTKEY#${idempotencyKey}`,
  }),
};

/** A checkpoint as stored: what the API shows, and who set it up. */
export const checkpointItemSchema = checkpointSchema.extend({
  type: z.literal('CHECKPOINT'),
  createdBy: z.string(),
});
export type CheckpointItem = z.infer<typeof checkpointItemSchema>;

/** A shift as stored: what the API shows, and who assigned it when. */
export const shiftItemSchema = shiftSchema.extend({
  type: z.literal('SHIFT'),
  assignedBy: z.string(),
  createdAt: z.string(),
});
export type ShiftItem = z.infer<typeof shiftItemSchema>;

export async function putCheckpoint(item: CheckpointItem): Promise<void> {
  await putIfAbsent(checkpointKeys.checkpoint(item.checkpointId), item, {
    gsi1pk: checkpointKeys.checkpointsOfVillage(item.villageCode),
    gsi1sk: `${item.createdAt}#${item.checkpointId}`,
  });
}

export async function getCheckpoint(checkpointId: string): Promise<CheckpointItem | undefined> {
  const out = await db().send(
    new GetCommand({ TableName: tableName(), Key: checkpointKeys.checkpoint(checkpointId) }),
  );
  return parseOptionalItem(checkpointItemSchema, out.Item);
}

/** A village's checkpoints (a village has a handful: one query, read whole). */
export async function listCheckpointsOfVillage(villageCode: string): Promise<CheckpointItem[]> {
  const items = await queryAll({
    IndexName: 'gsi1',
    KeyConditionExpression: 'gsi1pk = :p',
    ExpressionAttributeValues: { ':p': checkpointKeys.checkpointsOfVillage(villageCode) },
  });
  return parseItems(checkpointItemSchema, items);
}

/** What an assignment's Idempotency-Key claim remembers: the shift it wrote. */
export interface ShiftClaim extends KeyClaim {
  shiftId: string;
}

/**
 * The claim and the write of one assignment, for claimedWrite: a double tap, a retry after a lost
 * answer or two organisers' phones sending one key put one shift on the roster.
 */
export function shiftWrite(
  item: ShiftItem,
  claim: KeyClaim,
): { claimKey: { pk: string; sk: string }; claim: ShiftClaim & { type: string }; writes: TransactItem[] } {
  return {
    claimKey: checkpointKeys.shiftKey(item.checkpointId, claim.idempotencyKey),
    claim: { type: 'SHIFT_KEY', ...claim, shiftId: item.shiftId },
    writes: [
      {
        Put: {
          TableName: tableName(),
          Item: {
            ...checkpointKeys.shift(item.shiftId),
            ...item,
            gsi1pk: checkpointKeys.shiftsOfStaff(item.staffId),
            gsi1sk: `${item.date}#${item.starts}#${item.shiftId}`,
            gsi2pk: checkpointKeys.roster(item.checkpointId, item.date),
            gsi2sk: `${item.starts}#${item.shiftId}`,
          },
          ConditionExpression: 'attribute_not_exists(pk)',
        },
      },
    ],
  };
}

const shiftClaimSchema = z.object({
  idempotencyKey: z.string(),
  requestHash: z.string(),
  shiftId: z.string(),
});

/** The claim an assignment's Idempotency-Key made at a checkpoint, if any. */
export async function getShiftClaim(
  checkpointId: string,
  idempotencyKey: string,
): Promise<ShiftClaim | undefined> {
  const out = await db().send(
    // Strongly consistent: a send of the same key a moment ago must be seen (assignShift).
    new GetCommand({
      TableName: tableName(),
      Key: checkpointKeys.shiftKey(checkpointId, idempotencyKey),
      ConsistentRead: true,
    }),
  );
  return parseOptionalItem(shiftClaimSchema, out.Item);
}

export async function getShift(shiftId: string): Promise<ShiftItem | undefined> {
  const out = await db().send(new GetCommand({ TableName: tableName(), Key: checkpointKeys.shift(shiftId) }));
  return parseOptionalItem(shiftItemSchema, out.Item);
}

/** One staff member's shifts from a date on (at most 100: a roster is planned days ahead, not months). */
export async function listShiftsOfStaff(staffId: string, from: string): Promise<ShiftItem[]> {
  const out = await db().send(
    new QueryCommand({
      TableName: tableName(),
      IndexName: 'gsi1',
      KeyConditionExpression: 'gsi1pk = :p AND gsi1sk >= :from',
      ExpressionAttributeValues: { ':p': checkpointKeys.shiftsOfStaff(staffId), ':from': from },
      Limit: 100,
    }),
  );
  return parseItems(shiftItemSchema, out.Items ?? []);
}

/** A checkpoint's roster of one day, by start time. */
export async function listRoster(checkpointId: string, date: string): Promise<ShiftItem[]> {
  const keys = await queryAll<{ pk: string; sk: string }>({
    IndexName: 'gsi2',
    KeyConditionExpression: 'gsi2pk = :p',
    ExpressionAttributeValues: { ':p': checkpointKeys.roster(checkpointId, date) },
  });
  const items = parseItems(
    shiftItemSchema,
    await batchGet<Record<string, unknown>>(keys.map((k) => ({ pk: k.pk, sk: k.sk }))),
  );
  return items.sort((a, b) => a.starts.localeCompare(b.starts) || a.shiftId.localeCompare(b.shiftId));
}

/**
 * Moves a shift from one status to the next, stamping the time; false when it was not in `from`
 * (someone signed it meanwhile, or it never was).
 */
export async function moveShift(
  shiftId: string,
  from: ShiftStatus,
  to: ShiftStatus,
  stamp: 'signedInAt' | 'signedOutAt',
  at: string,
): Promise<ShiftItem | undefined> {
  try {
    const out = await db().send(
      new UpdateCommand({
        TableName: tableName(),
        Key: checkpointKeys.shift(shiftId),
        UpdateExpression: 'SET #status = :to, #stamp = :at',
        ConditionExpression: '#status = :from',
        ExpressionAttributeNames: { '#status': 'status', '#stamp': stamp },
        ExpressionAttributeValues: { ':from': from, ':to': to, ':at': at },
        ReturnValues: 'ALL_NEW',
      }),
    );
    return parseItem(shiftItemSchema, out.Attributes ?? {});
  } catch (err) {
    if (err instanceof ConditionalCheckFailedException) return undefined;
    throw err;
  }
}
