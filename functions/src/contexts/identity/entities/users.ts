/** Users (residents and staff), their WeChat identities and staff phones. */
import { GetCommand, QueryCommand, TransactWriteCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { type Role, roleSchema } from '@grid/shared';
import * as z from 'zod';
import { batchGet } from '../../../lib/dynamo/batch';
import { db, tableName } from '../../../lib/dynamo/client';
import { parseItems, parseOptionalItem } from '../../../lib/dynamo/parse-item';
import { failedConditions } from '../../../lib/dynamo/transactions';
import type { TransactItem } from '../../../lib/idempotency';
import { scopeStaffDeletes, scopeStaffPuts } from '../../hierarchy/entities/scope-staff';
import { householdKeys } from '../../households/entities/household';

export const privacyConsentRecordSchema = z.object({ version: z.string(), acceptedAt: z.string() });
export type PrivacyConsentRecord = z.infer<typeof privacyConsentRecordSchema>;

export const userItemSchema = z.lazy(() =>
  z.object({
    userId: z.string(),
    role: roleSchema,
    name: z.string(),
    scopes: z.array(z.string()),
    openid: z.string().nullable(),
    householdId: z.string().nullable(),
    personId: z.string().nullable(),
    phoneHash: z.string().nullable(),
    phoneEnc: z.string().nullable(),
    phoneMasked: z.string().nullable(),
    createdAt: z.string(),
    createdBy: z.string().nullable(),
    /** The privacy notice version a resident accepted, and when (functions/src/contexts/privacy/entities/privacy-consent.ts). */
    privacyConsent: privacyConsentRecordSchema.nullish(),
    /** Raised whenever access shrinks (grid taken off, role change, disabled): older tokens are refused. */
    accessVersion: z.number().int().optional(),
    /** A disabled staff member cannot sign in; its tokens are refused (auth/access-version.ts). */
    disabled: z.boolean().optional(),
  }),
);
export type UserItem = z.infer<typeof userItemSchema>;

export const userKeys = {
  item: (userId: string) => ({ pk: `USER#${userId}`, sk: 'USER' }),
  /** A WeChat identity: which user it signs in as. */
  openid: (openid: string) => ({ pk: `OPENID#${openid}`, sk: 'OPENID' }),
  /** A staff phone (keyed hash): unique, so a staff member binds by it. */
  staffPhone: (phoneHash: string) => ({ pk: `STAFFPHONE#${phoneHash}`, sk: 'STAFFPHONE' }),
  /** Staff (gridworkers, volunteers) of a grid, for notifications. */
  gridStaff: (gridCode: string, userId: string) => ({ pk: `GRIDSTAFF#${gridCode}`, sk: `USER#${userId}` }),
  /** The sort-key prefix of a grid's staff, in the grid's staff partition. */
  gridStaffPrefix: 'USER#',
};

/** What a WeChat identity or a staff phone points at. */
const pointerSchema = z.object({ userId: z.string() });
const gridStaffItemSchema = z.object({ userId: z.string(), role: roleSchema });

export async function getUser(userId: string): Promise<UserItem | undefined> {
  const out = await db().send(new GetCommand({ TableName: tableName(), Key: userKeys.item(userId) }));
  return parseOptionalItem(userItemSchema, out.Item);
}

/** Users by id in no particular order (BatchGet); ids without a user are left out. */
export async function getUsersUnordered(userIds: readonly string[]): Promise<UserItem[]> {
  return parseItems(
    userItemSchema,
    await batchGet<Record<string, unknown>>(userIds.map((id) => userKeys.item(id))),
  );
}

export async function findUserIdByOpenid(openid: string): Promise<string | undefined> {
  const out = await db().send(new GetCommand({ TableName: tableName(), Key: userKeys.openid(openid) }));
  return parseOptionalItem(pointerSchema, out.Item)?.userId;
}

export async function findStaffIdByPhoneHash(phoneHash: string): Promise<string | undefined> {
  const out = await db().send(
    new GetCommand({ TableName: tableName(), Key: userKeys.staffPhone(phoneHash) }),
  );
  return parseOptionalItem(pointerSchema, out.Item)?.userId;
}

/** A new WeChat user and its identity, written together; fails if the openid is already taken. */
export async function createResidentWithOpenid(user: UserItem): Promise<void> {
  await db().send(
    new TransactWriteCommand({
      TransactItems: [
        {
          Put: {
            TableName: tableName(),
            Item: {
              ...userKeys.openid(user.openid!),
              type: 'OPENID',
              userId: user.userId,
              createdAt: user.createdAt,
            },
            ConditionExpression: 'attribute_not_exists(pk)',
          },
        },
        {
          Put: {
            TableName: tableName(),
            Item: { ...userKeys.item(user.userId), type: 'USER', ...user },
            ConditionExpression: 'attribute_not_exists(pk)',
          },
        },
      ],
    }),
  );
}

/**
 * A staff record, its unique phone and (for gridworkers and volunteers) its grid memberships,
 * written together; fails if the phone is registered.
 */
export async function createStaff(user: UserItem): Promise<void> {
  const memberships =
    user.role === 'gridworker' || user.role === 'volunteer'
      ? user.scopes.map((grid) => ({
          Put: {
            TableName: tableName(),
            Item: {
              ...userKeys.gridStaff(grid, user.userId),
              type: 'GRIDSTAFF',
              userId: user.userId,
              role: user.role,
            },
          },
        }))
      : [];
  await db().send(
    new TransactWriteCommand({
      TransactItems: [
        ...memberships,
        ...scopeStaffPuts(user),
        {
          Put: {
            TableName: tableName(),
            Item: { ...userKeys.staffPhone(user.phoneHash!), type: 'STAFFPHONE', userId: user.userId },
            ConditionExpression: 'attribute_not_exists(pk)',
          },
        },
        {
          Put: {
            TableName: tableName(),
            Item: { ...userKeys.item(user.userId), type: 'USER', ...user },
            ConditionExpression: 'attribute_not_exists(pk)',
          },
        },
      ],
    }),
  );
}

/**
 * Points a WeChat identity at a staff record: the staff record must still be unbound and the
 * identity must still point where the caller saw it, or nothing changes. A resident with a household
 * keeps it: the staff record takes the household and person and, when the resident owned it, the
 * household's owner moves to the staff record, in the same transaction (conditional on the owner
 * still being the resident).
 */
export async function bindOpenidToStaff(
  openid: string,
  fromUserId: string,
  staffId: string,
  household: { householdId: string; personId: string | null; owner: boolean } | null,
  now: Date,
): Promise<void> {
  await db().send(
    new TransactWriteCommand({
      TransactItems: [
        {
          Update: {
            TableName: tableName(),
            Key: userKeys.item(staffId),
            UpdateExpression: household
              ? 'SET openid = :o, householdId = :h, personId = :p'
              : 'SET openid = :o',
            ConditionExpression: 'attribute_exists(pk) AND (attribute_not_exists(openid) OR openid = :null)',
            ExpressionAttributeValues: {
              ':o': openid,
              ':null': null,
              ...(household ? { ':h': household.householdId, ':p': household.personId } : {}),
            },
          },
        },
        {
          Update: {
            TableName: tableName(),
            Key: userKeys.openid(openid),
            UpdateExpression: 'SET userId = :staff, boundAt = :now',
            ConditionExpression: 'userId = :from',
            ExpressionAttributeValues: {
              ':staff': staffId,
              ':from': fromUserId,
              ':now': now.toISOString(),
            },
          },
        },
        ...(household?.owner
          ? [
              {
                Update: {
                  TableName: tableName(),
                  Key: householdKeys.item(household.householdId),
                  UpdateExpression: 'SET ownerUserId = :staff',
                  ConditionExpression: 'ownerUserId = :from',
                  ExpressionAttributeValues: { ':staff': staffId, ':from': fromUserId },
                },
              },
            ]
          : []),
      ],
    }),
  );
}

/**
 * Links a user to the household it registers, in the household's transaction: fails when the user
 * is gone or has a household already.
 */
export function linkUserToNewHouseholdWrite(
  userId: string,
  householdId: string,
  personId: string | null,
): TransactItem {
  return {
    Update: {
      TableName: tableName(),
      Key: userKeys.item(userId),
      UpdateExpression: 'SET householdId = :h, personId = :p',
      ConditionExpression:
        'attribute_exists(pk) AND (attribute_not_exists(householdId) OR householdId = :null)',
      ExpressionAttributeValues: { ':h': householdId, ':p': personId, ':null': null },
    },
  };
}

export async function setUserHousehold(userId: string, householdId: string, personId: string | null) {
  await db().send(
    new UpdateCommand({
      TableName: tableName(),
      Key: userKeys.item(userId),
      UpdateExpression: 'SET householdId = :h, personId = :p',
      ConditionExpression: 'attribute_exists(pk)',
      ExpressionAttributeValues: { ':h': householdId, ':p': personId },
    }),
  );
}

/**
 * Disables a staff member if it is still what the caller read: raises its access version (its
 * tokens are refused within a minute) and takes it off its grids' staff lists in one transaction.
 * False when the user changed meanwhile.
 */
export async function disableStaff(user: UserItem, by: string, at: string): Promise<boolean> {
  const memberships =
    user.role === 'gridworker' || user.role === 'volunteer'
      ? user.scopes.map((grid) => ({
          Delete: { TableName: tableName(), Key: userKeys.gridStaff(grid, user.userId) },
        }))
      : [];
  try {
    await db().send(
      new TransactWriteCommand({
        TransactItems: [
          {
            Update: {
              TableName: tableName(),
              Key: userKeys.item(user.userId),
              UpdateExpression:
                'SET disabled = :true, disabledAt = :at, disabledBy = :by, accessVersion = if_not_exists(accessVersion, :zero) + :one',
              ConditionExpression: 'scopes = :read AND #role = :role AND attribute_not_exists(disabled)',
              ExpressionAttributeNames: { '#role': 'role' },
              ExpressionAttributeValues: {
                ':true': true,
                ':at': at,
                ':by': by,
                ':zero': 0,
                ':one': 1,
                ':read': user.scopes,
                ':role': user.role,
              },
            },
          },
          ...memberships,
          ...scopeStaffDeletes(user),
        ],
      }),
    );
    return true;
  } catch (err) {
    if (failedConditions(err)) return false;
    throw err;
  }
}

/** Users who work a grid (gridworkers and volunteers), with their roles. */
export async function listGridStaff(gridCode: string): Promise<Array<{ userId: string; role: Role }>> {
  const out = await db().send(
    new QueryCommand({
      TableName: tableName(),
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :user)',
      ExpressionAttributeValues: {
        ':pk': userKeys.gridStaff(gridCode, '').pk,
        ':user': userKeys.gridStaffPrefix,
      },
    }),
  );
  return parseItems(gridStaffItemSchema, out.Items ?? []);
}
