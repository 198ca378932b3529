/**
 * The merge of two persons: the absorbed person points at the survivor and leaves the ID index (its
 * records stay under its own id), the survivor lists it, and an audit item in the survivor's
 * partition says who merged what and when.
 */
import { TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import * as z from 'zod';
import { db, tableName } from '../../../lib/dynamo/client';
import { listPersonPartition, type PersonItem, personKeys } from './person';

export const personMergeItemSchema = z.lazy(() =>
  z.object({
    survivorId: z.string(),
    absorbedId: z.string(),
    mergedBy: z.string(),
    mergedAt: z.string(),
    note: z.string(),
    /** What the absorbed person was, masked, for the audit. */
    absorbed: z.object({
      name: z.string(),
      idNumberMasked: z.string(),
      phoneMasked: z.string().nullable(),
      householdId: z.string(),
      gridCode: z.string(),
    }),
  }),
);
export type PersonMergeItem = z.infer<typeof personMergeItemSchema>;

export const personMergeKeys = {
  item: (survivorId: string, mergedAt: string, absorbedId: string) => ({
    pk: personKeys.item(survivorId).pk,
    sk: `MERGE#${mergedAt}#${absorbedId}`,
  }),
  /** The sort-key prefix of a survivor's merges. */
  ofSurvivorPrefix: 'MERGE#',
};

/** All conditional on the versions read: a person changed or merged meanwhile cancels the merge. */
export async function mergePersons(
  absorbed: PersonItem,
  survivor: PersonItem,
  merge: PersonMergeItem,
): Promise<void> {
  await db().send(
    new TransactWriteCommand({
      TransactItems: [
        {
          Update: {
            TableName: tableName(),
            Key: personKeys.item(absorbed.personId),
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
            Key: personKeys.item(survivor.personId),
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
              ...personMergeKeys.item(survivor.personId, merge.mergedAt, absorbed.personId),
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

/** A survivor's merges, newest first. */
export function listMergesOf(survivorId: string, limit: number): Promise<PersonMergeItem[]> {
  return listPersonPartition(survivorId, personMergeKeys.ofSurvivorPrefix, personMergeItemSchema, limit);
}
