/**
 * One file per person: the secondary identity keys (phone hash, name + birth date hash) as small
 * key items, and the merge of two persons with its audit.
 */
import { DeleteCommand, PutCommand, QueryCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { db, tableName } from './client';
import type { PersonItem } from './households';
import { keys } from './keys';

export type SecondaryKey = { kind: 'phone' | 'name-birth'; hash: string };

function secondaryItemKey(k: SecondaryKey, personId: string) {
  return k.kind === 'phone' ? keys.personByPhone(k.hash, personId) : keys.personByNameBirth(k.hash, personId);
}

export async function putSecondaryKey(
  k: SecondaryKey,
  person: { personId: string; gridCode: string },
): Promise<void> {
  await db().send(
    new PutCommand({
      TableName: tableName(),
      Item: {
        ...secondaryItemKey(k, person.personId),
        type: 'PERSON_KEY',
        personId: person.personId,
        gridCode: person.gridCode,
      },
    }),
  );
}

export async function deleteSecondaryKey(k: SecondaryKey, personId: string): Promise<void> {
  await db().send(new DeleteCommand({ TableName: tableName(), Key: secondaryItemKey(k, personId) }));
}

/** Persons holding a secondary key, with their grids (no second read needed). */
export async function findBySecondaryKey(
  k: SecondaryKey,
): Promise<Array<{ personId: string; gridCode: string }>> {
  const pk = secondaryItemKey(k, '').pk;
  const out = await db().send(
    new QueryCommand({
      TableName: tableName(),
      KeyConditionExpression: 'pk = :pk',
      ExpressionAttributeValues: { ':pk': pk },
      Limit: 20,
    }),
  );
  return (out.Items ?? []).map((i) => ({ personId: i.personId as string, gridCode: i.gridCode as string }));
}

export interface MergeItem {
  survivorId: string;
  absorbedId: string;
  mergedBy: string;
  mergedAt: string;
  note: string;
  /** What the absorbed person was, masked, for the audit. */
  absorbed: {
    name: string;
    idNumberMasked: string;
    phoneMasked: string | null;
    householdId: string;
    gridCode: string;
  };
}

/**
 * The absorbed person points at the survivor and leaves the ID index (its records stay under its
 * own id); the survivor lists it; the audit item is written. All conditional on the versions read.
 */
export async function mergePersons(
  absorbed: PersonItem,
  survivor: PersonItem,
  merge: MergeItem,
): Promise<void> {
  await db().send(
    new TransactWriteCommand({
      TransactItems: [
        {
          Update: {
            TableName: tableName(),
            Key: keys.person(absorbed.personId),
            UpdateExpression: 'SET mergedInto = :s, mergedAt = :at, version = :next REMOVE gsi2pk, gsi2sk',
            ConditionExpression:
              'version = :v AND attribute_not_exists(mergedInto) AND (attribute_not_exists(activeQuarantineId) OR activeQuarantineId = :null)',
            ExpressionAttributeValues: {
              ':s': survivor.personId,
              ':at': merge.mergedAt,
              ':v': absorbed.version,
              ':next': absorbed.version + 1,
              ':null': null,
            },
          },
        },
        {
          Update: {
            TableName: tableName(),
            Key: keys.person(survivor.personId),
            UpdateExpression:
              'SET mergedFrom = list_append(if_not_exists(mergedFrom, :empty), :a), version = :next',
            ConditionExpression: 'version = :v AND attribute_not_exists(mergedInto)',
            ExpressionAttributeValues: {
              ':a': [absorbed.personId],
              ':empty': [],
              ':v': survivor.version,
              ':next': survivor.version + 1,
            },
          },
        },
        {
          Put: {
            TableName: tableName(),
            Item: {
              ...keys.personMerge(survivor.personId, merge.mergedAt, absorbed.personId),
              type: 'PERSON_MERGE',
              ...merge,
            },
            ConditionExpression: 'attribute_not_exists(pk)',
          },
        },
      ],
    }),
  );
}

/** Items of a person's partition whose sort key starts with a prefix, newest first. */
export async function listPersonRecords<T>(personId: string, prefix: string, limit: number): Promise<T[]> {
  const out = await db().send(
    new QueryCommand({
      TableName: tableName(),
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
      ExpressionAttributeValues: { ':pk': keys.person(personId).pk, ':prefix': prefix },
      ScanIndexForward: false,
      Limit: limit,
    }),
  );
  return (out.Items ?? []) as T[];
}
