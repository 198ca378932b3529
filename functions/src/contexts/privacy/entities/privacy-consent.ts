/** A user's acceptance of the privacy notice: on the user item, with every version accepted kept in a list. */
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { GetCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import * as z from 'zod';
import { db, tableName } from '../../../lib/dynamo/client';
import { parseItem, parseOptionalItem } from '../../../lib/dynamo/parse-item';
import {
  type PrivacyConsentRecord,
  privacyConsentRecordSchema,
  userKeys,
} from '../../identity/entities/users';

/** What this module reads of the user item: its current consent (null once withdrawn). */
const consentOfUserSchema = z.object({ privacyConsent: privacyConsentRecordSchema.nullish() });

/** Read strongly consistent: a report sent right after accepting must see the acceptance. */
export async function getPrivacyConsent(userId: string): Promise<PrivacyConsentRecord | null> {
  const out = await db().send(
    new GetCommand({
      TableName: tableName(),
      Key: userKeys.item(userId),
      ProjectionExpression: 'privacyConsent',
      ConsistentRead: true,
    }),
  );
  return parseOptionalItem(consentOfUserSchema, out.Item)?.privacyConsent ?? null;
}

/**
 * Records the acceptance unless this version is already recorded: then the first acceptance stands
 * and a retry changes nothing. `existing` is what the user item holds after a refusal (undefined:
 * no such user).
 */
export async function recordPrivacyConsent(
  userId: string,
  consent: PrivacyConsentRecord,
): Promise<{ recorded: true } | { recorded: false; existing: PrivacyConsentRecord | null | undefined }> {
  try {
    await db().send(
      new UpdateCommand({
        TableName: tableName(),
        Key: userKeys.item(userId),
        UpdateExpression:
          'SET privacyConsent = :c, privacyConsentHistory = list_append(if_not_exists(privacyConsentHistory, :none), :one)',
        ConditionExpression:
          'attribute_exists(pk) AND (attribute_not_exists(privacyConsent) OR privacyConsent = :null OR privacyConsent.version <> :v)',
        ExpressionAttributeValues: {
          ':c': consent,
          ':one': [consent],
          ':none': [],
          ':null': null,
          ':v': consent.version,
        },
        ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
      }),
    );
    return { recorded: true };
  } catch (err) {
    if (!(err instanceof ConditionalCheckFailedException)) throw err;
    if (!err.Item) return { recorded: false, existing: undefined };
    const user = parseItem(consentOfUserSchema, unmarshall(err.Item));
    return { recorded: false, existing: user.privacyConsent ?? null };
  }
}

/**
 * Withdraws the user's consent: `privacyConsent` becomes null and the withdrawal joins the history
 * (what was accepted stays on record). False when there is no such user.
 */
export async function withdrawPrivacyConsent(userId: string, withdrawnAt: string): Promise<boolean> {
  try {
    await db().send(
      new UpdateCommand({
        TableName: tableName(),
        Key: userKeys.item(userId),
        UpdateExpression:
          'SET privacyConsent = :null, privacyConsentHistory = list_append(if_not_exists(privacyConsentHistory, :none), :one)',
        ConditionExpression: 'attribute_exists(pk)',
        ExpressionAttributeValues: { ':null': null, ':none': [], ':one': [{ withdrawnAt }] },
      }),
    );
    return true;
  } catch (err) {
    if (err instanceof ConditionalCheckFailedException) return false;
    throw err;
  }
}
