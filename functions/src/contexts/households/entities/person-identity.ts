/**
 * One file per person: identity keys (ID, phone, name + birth date hashes) as one item per key
 * holding the set of persons with it, and the merge of two persons with its audit.
 */
import { GetCommand, QueryCommand, TransactWriteCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { batchGet } from '../../../lib/dynamo/batch';
import { db, tableName } from '../../../lib/dynamo/client';
import { keys } from '../../../lib/dynamo/keys';
import type { PersonItem } from './households';

export type IdentityKey = { kind: 'id' | 'phone' | 'name-birth'; hash: string };
export interface KeyHolder {
  personId: string;
  gridCode: string;
}

/** Adds or removes one person from a key's set; both are idempotent (string-set ADD / DELETE). */
export async function changeKeyHolder(
  k: IdentityKey,
  holder: KeyHolder,
  action: 'ADD' | 'DELETE',
): Promise<void> {
  await db().send(
    new UpdateCommand({
      TableName: tableName(),
      Key: keys.personKey(k.kind, k.hash),
      UpdateExpression: action === 'ADD' ? 'SET #type = :type ADD holders :h' : 'DELETE holders :h',
      ExpressionAttributeNames: action === 'ADD' ? { '#type': 'type' } : undefined,
      ExpressionAttributeValues: {
        ':h': new Set([`${holder.personId}#${holder.gridCode}`]),
        ...(action === 'ADD' ? { ':type': 'PERSON_KEY' } : {}),
      },
    }),
  );
}

function holdersOf(item: { holders?: Set<string> } | undefined): KeyHolder[] {
  return [...(item?.holders ?? [])].sort().map((h) => {
    const [personId = '', gridCode = ''] = h.split('#');
    return { personId, gridCode };
  });
}

/** The persons holding each key, 100 keys per request. */
export async function findKeyHolders(wanted: readonly IdentityKey[]): Promise<Map<string, KeyHolder[]>> {
  const unique = [...new Map(wanted.map((k) => [`${k.kind}#${k.hash}`, k])).values()];
  const items = await batchGet<{ pk: string; holders?: Set<string> }>(
    unique.map((k) => keys.personKey(k.kind, k.hash)),
  );
  return new Map(items.map((i) => [i.pk.slice('PERSONKEY#'.length), holdersOf(i)]));
}

export async function findKeyHoldersOf(k: IdentityKey): Promise<KeyHolder[]> {
  const out = await db().send(
    new GetCommand({ TableName: tableName(), Key: keys.personKey(k.kind, k.hash) }),
  );
  return holdersOf(out.Item as { holders?: Set<string> } | undefined);
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
