/** Households and persons. A household item lists its members, so reading one is two round trips. */
import { GetCommand, QueryCommand, TransactWriteCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { Relation } from '@grid/shared';
import { batchGet } from '../../../lib/dynamo/batch';
import { db, tableName } from '../../../lib/dynamo/client';
import { keys } from '../../../lib/dynamo/keys';

export interface HouseholdItem {
  householdId: string;
  address: string;
  gridCode: string;
  memberIds: string[];
  memberIdHashes: string[];
  createdAt: string;
  createdBy: string;
  /** The resident account that registered it (null when a gridworker did): who gets its notices. */
  ownerUserId: string | null;
  idempotencyKey: string | null;
}

export interface PersonItem {
  personId: string;
  householdId: string;
  gridCode: string;
  name: string;
  relation: Relation;
  idHash: string;
  idNumberEnc: string;
  idNumberMasked: string;
  phoneHash: string | null;
  phoneEnc: string | null;
  phoneMasked: string | null;
  birthDate: string;
  sex: 'male' | 'female';
  version: number;
  createdAt: string;
  /** Set while the person is in home quarantine; at most one at a time. */
  activeQuarantineId?: string | null;
}

function personPut(p: PersonItem) {
  return {
    Put: {
      TableName: tableName(),
      Item: {
        ...keys.person(p.personId),
        type: 'PERSON',
        ...p,
        ...keys.personByIdHash(p.idHash),
        gsi2sk: `PERSON#${p.personId}`,
      },
      ConditionExpression: 'attribute_not_exists(pk)',
    },
  };
}

/**
 * Writes a household with all its members at once; for a resident's own household the user is
 * linked in the same transaction, on condition it has no household yet (item 0).
 */
export async function createHousehold(
  household: HouseholdItem,
  persons: PersonItem[],
  linkUser: { userId: string; personId: string | null } | null,
  /** For staff: item 0 records the key and fails if the key already created a household. */
  staffKey?: { userId: string; idempotencyKey: string },
): Promise<void> {
  const items = [];
  if (staffKey) {
    items.push({
      Put: {
        TableName: tableName(),
        Item: {
          ...keys.householdByKey(staffKey.userId, staffKey.idempotencyKey),
          type: 'HHKEY',
          householdId: household.householdId,
        },
        ConditionExpression: 'attribute_not_exists(pk)',
      },
    });
  }
  if (linkUser) {
    items.push({
      Update: {
        TableName: tableName(),
        Key: keys.user(linkUser.userId),
        UpdateExpression: 'SET householdId = :h, personId = :p',
        ConditionExpression:
          'attribute_exists(pk) AND (attribute_not_exists(householdId) OR householdId = :null)',
        ExpressionAttributeValues: { ':h': household.householdId, ':p': linkUser.personId, ':null': null },
      },
    });
  }
  items.push({
    Put: {
      TableName: tableName(),
      Item: { ...keys.household(household.householdId), type: 'HOUSEHOLD', ...household },
      ConditionExpression: 'attribute_not_exists(pk)',
    },
  });
  items.push(...persons.map(personPut));
  await db().send(new TransactWriteCommand({ TransactItems: items }));
}

/** Claims an added member's Idempotency-Key: which person it added, and a fingerprint of what was asked. */
export interface MemberKeyItem {
  personId: string;
  idempotencyKey: string;
  requestHash: string;
}

const MEMBER_KEY_DAYS = 7;

/**
 * Adds a member and claims the request's Idempotency-Key. Item 0 fails when the key is taken (a
 * retry, or a reuse); item 1 when the ID number is already in the household or it is full.
 */
export async function addMember(
  person: PersonItem,
  maxMembers: number,
  claim: MemberKeyItem,
  now: Date,
): Promise<void> {
  await db().send(
    new TransactWriteCommand({
      TransactItems: [
        {
          Put: {
            TableName: tableName(),
            Item: {
              ...keys.memberKey(person.householdId, claim.idempotencyKey),
              type: 'MEMBER_KEY',
              ...claim,
              expiresAt: Math.floor(now.getTime() / 1000) + MEMBER_KEY_DAYS * 86_400,
            },
            ConditionExpression: 'attribute_not_exists(pk)',
          },
        },
        {
          Update: {
            TableName: tableName(),
            Key: keys.household(person.householdId),
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
      ],
    }),
  );
}

export async function getHousehold(
  householdId: string,
  consistent = false,
): Promise<HouseholdItem | undefined> {
  const out = await db().send(
    new GetCommand({ TableName: tableName(), Key: keys.household(householdId), ConsistentRead: consistent }),
  );
  return out.Item as HouseholdItem | undefined;
}

export async function findHouseholdIdByKey(
  userId: string,
  idempotencyKey: string,
): Promise<string | undefined> {
  const out = await db().send(
    new GetCommand({
      TableName: tableName(),
      Key: keys.householdByKey(userId, idempotencyKey),
      ConsistentRead: true,
    }),
  );
  return out.Item?.householdId as string | undefined;
}

export async function getMemberKey(
  householdId: string,
  idempotencyKey: string,
): Promise<MemberKeyItem | undefined> {
  const out = await db().send(
    new GetCommand({
      TableName: tableName(),
      Key: keys.memberKey(householdId, idempotencyKey),
      ConsistentRead: true,
    }),
  );
  return out.Item as MemberKeyItem | undefined;
}

export async function getPerson(personId: string): Promise<PersonItem | undefined> {
  const out = await db().send(new GetCommand({ TableName: tableName(), Key: keys.person(personId) }));
  return out.Item as PersonItem | undefined;
}

/** Members in the household's order (BatchGet returns them unordered). */
export async function getPersons(personIds: readonly string[]): Promise<PersonItem[]> {
  const found = new Map(
    (await batchGet<PersonItem>(personIds.map((id) => keys.person(id)))).map((p) => [p.personId, p]),
  );
  return personIds.map((id) => found.get(id)).filter((p): p is PersonItem => p !== undefined);
}

export async function findPersonIdsByIdHash(idHash: string): Promise<string[]> {
  const out = await db().send(
    new QueryCommand({
      TableName: tableName(),
      IndexName: 'gsi2',
      KeyConditionExpression: 'gsi2pk = :pk',
      ExpressionAttributeValues: { ':pk': keys.personByIdHash(idHash).gsi2pk },
    }),
  );
  return (out.Items ?? []).map((i) => String(i.pk).slice('PERSON#'.length));
}

export interface PersonChanges {
  name?: string;
  relation?: Relation;
  phone?: { hash: string; enc: string; masked: string } | null;
}

/** Applies changes if the version is still the one the caller read; returns the new item. */
export async function updatePerson(
  personId: string,
  version: number,
  changes: PersonChanges,
): Promise<PersonItem> {
  const sets = ['version = :next'];
  const values: Record<string, unknown> = { ':v': version, ':next': version + 1 };
  if (changes.name !== undefined) {
    sets.push('#name = :name');
    values[':name'] = changes.name;
  }
  if (changes.relation !== undefined) {
    sets.push('relation = :rel');
    values[':rel'] = changes.relation;
  }
  if (changes.phone !== undefined) {
    sets.push('phoneHash = :ph', 'phoneEnc = :pe', 'phoneMasked = :pm');
    values[':ph'] = changes.phone?.hash ?? null;
    values[':pe'] = changes.phone?.enc ?? null;
    values[':pm'] = changes.phone?.masked ?? null;
  }
  const out = await db().send(
    new UpdateCommand({
      TableName: tableName(),
      Key: keys.person(personId),
      UpdateExpression: `SET ${sets.join(', ')}`,
      ConditionExpression: 'version = :v',
      ExpressionAttributeNames: changes.name !== undefined ? { '#name': 'name' } : undefined,
      ExpressionAttributeValues: values,
      ReturnValues: 'ALL_NEW',
    }),
  );
  return out.Attributes as PersonItem;
}
