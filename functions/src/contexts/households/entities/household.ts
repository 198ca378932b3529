/**
 * Households. A household item lists its members (their ids and keyed ID hashes), so reading one is
 * two round trips. It owns the claims of the Idempotency-Keys that create a household (staff) and
 * add a member; a resident's own household is unique by its user, whose link is written with it.
 */
import { GetCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import * as z from 'zod';
import { db, tableName } from '../../../lib/dynamo/client';
import { parseItem, parseOptionalItem } from '../../../lib/dynamo/parse-item';
import type { KeyClaim, TransactItem } from '../../../lib/idempotency';
import { type PersonItem, personPut } from './person';

export const householdItemSchema = z.object({
  householdId: z.string(),
  address: z.string(),
  gridCode: z.string(),
  memberIds: z.array(z.string()),
  memberIdHashes: z.array(z.string()),
  createdAt: z.string(),
  createdBy: z.string(),
  /** The resident account that registered it (null when a gridworker did): who gets its notices. */
  ownerUserId: z.string().nullable(),
  idempotencyKey: z.string().nullable(),
  /**
   * The fingerprint of the request that created it (households created before it was kept have
   * none): a resident's retry under the same key must be the same request.
   */
  requestHash: z.string().optional(),
  /** Raised by each move to another grid (hierarchy); absent until the first. */
  version: z.number().int().optional(),
});
export type HouseholdItem = z.infer<typeof householdItemSchema>;

export const householdKeys = {
  item: (householdId: string) => ({ pk: `HH#${householdId}`, sk: 'HH' }),
  /** Claims a staff member's Idempotency-Key for the household it created. */
  staffKey: (userId: string, idempotencyKey: string) => ({ pk: `HHKEY#${userId}`, sk: idempotencyKey }),
  /** Claims an added member's Idempotency-Key: a retry finds the person it added. */
  memberKey: (householdId: string, idempotencyKey: string) => ({
    pk: `HH#${householdId}`,
    sk: `MEMBERKEY#${idempotencyKey}`,
  }),
};

/** A staff member's claim: which household its key created. */
export interface HouseholdKeyClaim extends KeyClaim {
  householdId: string;
}

/** An added member's claim: which person its key added. */
export const memberKeyClaimSchema = z.lazy(() =>
  z.object({
    personId: z.string(),
    idempotencyKey: z.string(),
    requestHash: z.string(),
  }),
);
export type MemberKeyClaim = z.infer<typeof memberKeyClaimSchema>;

export const householdClaimTypes = { staff: 'HHKEY', member: 'MEMBER_KEY' } as const;

/** The writes of a new household with all its members (each fails if its id is taken). */
export function newHouseholdWrites(household: HouseholdItem, persons: readonly PersonItem[]): TransactItem[] {
  return [
    {
      Put: {
        TableName: tableName(),
        Item: { ...householdKeys.item(household.householdId), type: 'HOUSEHOLD', ...household },
        ConditionExpression: 'attribute_not_exists(pk)',
      },
    },
    ...persons.map(personPut),
  ];
}

/**
 * Writes a resident's own household (no key claim: the link to its user makes it once) with the
 * link to the user as item 0, whose condition fails when the user has a household already.
 */
export async function createResidentHousehold(
  household: HouseholdItem,
  persons: readonly PersonItem[],
  linkUser: TransactItem,
): Promise<void> {
  await db().send(
    new TransactWriteCommand({ TransactItems: [linkUser, ...newHouseholdWrites(household, persons)] }),
  );
}

/**
 * The writes that add a member: the household lists it unless the ID number is already there or
 * the household is full (its condition), and the person item.
 */
export function addMemberWrites(person: PersonItem, maxMembers: number): TransactItem[] {
  return [
    {
      Update: {
        TableName: tableName(),
        Key: householdKeys.item(person.householdId),
        UpdateExpression:
          'SET memberIds = list_append(memberIds, :id), memberIdHashes = list_append(memberIdHashes, :h)',
        ConditionExpression:
          'attribute_exists(pk) AND NOT contains(memberIdHashes, :hash) AND size(memberIds) < :max',
        ExpressionAttributeValues: {
          ':id': [person.personId],
          ':h': [person.idHash],
          ':hash': person.idHash,
          ':max': maxMembers,
        },
      },
    },
    personPut(person),
  ];
}

export async function getHousehold(
  householdId: string,
  consistent = false,
): Promise<HouseholdItem | undefined> {
  const out = await db().send(
    new GetCommand({
      TableName: tableName(),
      Key: householdKeys.item(householdId),
      ConsistentRead: consistent,
    }),
  );
  return parseOptionalItem(householdItemSchema, out.Item);
}

/** The claim an earlier add-member request made under this key, if any (read consistently). */
export async function getMemberKeyClaim(
  householdId: string,
  idempotencyKey: string,
): Promise<MemberKeyClaim | undefined> {
  const out = await db().send(
    new GetCommand({
      TableName: tableName(),
      Key: householdKeys.memberKey(householdId, idempotencyKey),
      ConsistentRead: true,
    }),
  );
  return out.Item === undefined ? undefined : parseItem(memberKeyClaimSchema, out.Item);
}
