/** Users (residents and staff), their WeChat identities and staff phones. */
import { GetCommand, QueryCommand, TransactWriteCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { Role } from '@grid/shared';
import { db, tableName } from '../../../lib/dynamo/client';
import { keys } from '../../../lib/dynamo/keys';
import { failedConditions } from '../../../lib/dynamo/transactions';
import { scopeStaffDeletes, scopeStaffPuts } from '../../hierarchy/entities/scope-staff';

export interface UserItem {
  userId: string;
  role: Role;
  name: string;
  scopes: string[];
  openid: string | null;
  householdId: string | null;
  personId: string | null;
  phoneHash: string | null;
  phoneEnc: string | null;
  phoneMasked: string | null;
  createdAt: string;
  createdBy: string | null;
  /** The privacy notice version a resident accepted, and when (functions/src/contexts/privacy/entities/privacy-consent.ts). */
  privacyConsent?: PrivacyConsentRecord | null;
  /** Raised whenever access shrinks (grid taken off, role change, disabled): older tokens are refused. */
  accessVersion?: number;
  /** A disabled staff member cannot sign in; its tokens are refused (auth/access-version.ts). */
  disabled?: boolean;
}

export interface PrivacyConsentRecord {
  version: string;
  acceptedAt: string;
}

export async function getUser(userId: string): Promise<UserItem | undefined> {
  const out = await db().send(new GetCommand({ TableName: tableName(), Key: keys.user(userId) }));
  return out.Item as UserItem | undefined;
}

export async function findUserIdByOpenid(openid: string): Promise<string | undefined> {
  const out = await db().send(new GetCommand({ TableName: tableName(), Key: keys.openid(openid) }));
  return out.Item?.userId as string | undefined;
}

export async function findStaffIdByPhoneHash(phoneHash: string): Promise<string | undefined> {
  const out = await db().send(new GetCommand({ TableName: tableName(), Key: keys.staffPhone(phoneHash) }));
  return out.Item?.userId as string | undefined;
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
              ...keys.openid(user.openid!),
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
            Item: { ...keys.user(user.userId), type: 'USER', ...user },
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
              ...keys.gridStaff(grid, user.userId),
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
            Item: { ...keys.staffPhone(user.phoneHash!), type: 'STAFFPHONE', userId: user.userId },
            ConditionExpression: 'attribute_not_exists(pk)',
          },
        },
        {
          Put: {
            TableName: tableName(),
            Item: { ...keys.user(user.userId), type: 'USER', ...user },
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
  household: { householdId: string; personId: string | null; owner: boolean } | null = null,
): Promise<void> {
  await db().send(
    new TransactWriteCommand({
      TransactItems: [
        {
          Update: {
            TableName: tableName(),
            Key: keys.user(staffId),
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
            Key: keys.openid(openid),
            UpdateExpression: 'SET userId = :staff, boundAt = :now',
            ConditionExpression: 'userId = :from',
            ExpressionAttributeValues: {
              ':staff': staffId,
              ':from': fromUserId,
              ':now': new Date().toISOString(),
            },
          },
        },
        ...(household?.owner
          ? [
              {
                Update: {
                  TableName: tableName(),
                  Key: keys.household(household.householdId),
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

export async function setUserHousehold(userId: string, householdId: string, personId: string | null) {
  await db().send(
    new UpdateCommand({
      TableName: tableName(),
      Key: keys.user(userId),
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
          Delete: { TableName: tableName(), Key: keys.gridStaff(grid, user.userId) },
        }))
      : [];
  try {
    await db().send(
      new TransactWriteCommand({
        TransactItems: [
          {
            Update: {
              TableName: tableName(),
              Key: keys.user(user.userId),
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
      ExpressionAttributeValues: { ':pk': `GRIDSTAFF#${gridCode}`, ':user': 'USER#' },
    }),
  );
  return (out.Items ?? []).map((i) => ({ userId: i.userId as string, role: i.role as Role }));
}
