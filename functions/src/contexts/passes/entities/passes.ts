/**
 * Health passes: the current pass of each person, the facts its colour comes from that no other
 * item answers in one read (the person's open alerts), and the revocation list. Keys are written
 * here only.
 *
 *   PASSHOLDER#<personId> / PASS        the current pass (overwritten on re-issue; TTL at expiry)
 *   PASSHOLDER#<personId> / FACTS       open FEVER / MISSED_CHECK alert ids (string sets)
 *   PASSREVOKED / <revokedAt>#<passId>  a revocation (TTL a day after the pass would have expired)
 */
import { ConditionalCheckFailedException, TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import {
  GetCommand,
  PutCommand,
  QueryCommand,
  TransactWriteCommand,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import { type IssuedPass, issuedPassSchema, type PassRevocation } from '@grid/shared';
import * as z from 'zod';
import { db, tableName } from '../../../lib/dynamo/client';
import { decodeCursor, encodeCursor } from '../../../lib/dynamo/cursor';
import { parseItem } from '../../../lib/dynamo/parse-item';

const passKey = (personId: string) => ({ pk: `PASSHOLDER#${personId}`, sk: 'PASS' });
const factsKey = (personId: string) => ({ pk: `PASSHOLDER#${personId}`, sk: 'FACTS' });
/** The one partition of the revocation list (revocations are few: fevers and new quarantines). */
export const REVOKED_PARTITION = 'PASSREVOKED';
const revocationKey = (revokedAt: string, passId: string) => ({
  pk: REVOKED_PARTITION,
  sk: `${revokedAt}#${passId}`,
});

/**
 * The stored current pass: the API's shape plus when it was revoked, if it was. The pass's own expiry
 * is stored as `validUntil`, because the item's `expiresAt` is the table's TTL (epoch seconds).
 */
export const passItemSchema = issuedPassSchema
  .omit({ expiresAt: true })
  .extend({ type: z.literal('PASS'), validUntil: z.iso.datetime(), revokedAt: z.string().optional() });
export type PassItem = IssuedPass & { revokedAt?: string };

export type AlertKind = 'FEVER' | 'MISSED_CHECK';

export interface PassFactsItem {
  feverAlerts: string[];
  missedChecks: string[];
}

const epochSeconds = (iso: string) => Math.floor(Date.parse(iso) / 1000);

export async function getCurrentPass(personId: string): Promise<PassItem | undefined> {
  const out = await db().send(
    new GetCommand({ TableName: tableName(), Key: passKey(personId), ConsistentRead: true }),
  );
  if (!out.Item) return undefined;
  const { type: _type, validUntil, ...pass } = parseItem(passItemSchema, out.Item);
  return { ...pass, expiresAt: validUntil };
}

/** Stores a newly issued pass as the person's current one; it lives (TTL) until it expires. */
export async function putCurrentPass(pass: IssuedPass): Promise<void> {
  await db().send(
    new PutCommand({
      TableName: tableName(),
      // The table's TTL attribute is `expiresAt` (epoch seconds); the pass's own expiry is `validUntil`.
      Item: {
        ...passKey(pass.personId),
        type: 'PASS',
        ...pass,
        validUntil: pass.expiresAt,
        expiresAt: epochSeconds(pass.expiresAt),
      },
    }),
  );
}

export async function getPassFacts(personId: string): Promise<PassFactsItem> {
  const out = await db().send(
    new GetCommand({ TableName: tableName(), Key: factsKey(personId), ConsistentRead: true }),
  );
  const set = (v: unknown) => (v instanceof Set ? [...v].map(String) : []);
  return { feverAlerts: set(out.Item?.feverAlerts), missedChecks: set(out.Item?.missedChecks) };
}

/** Adds (open) or removes (resolved) an alert among the person's facts; idempotent. */
export async function setAlertOpen(
  personId: string,
  kind: AlertKind,
  alertId: string,
  open: boolean,
): Promise<void> {
  const attribute = kind === 'FEVER' ? 'feverAlerts' : 'missedChecks';
  await db().send(
    new UpdateCommand({
      TableName: tableName(),
      Key: factsKey(personId),
      UpdateExpression: open
        ? `ADD ${attribute} :id SET #type = :type`
        : `DELETE ${attribute} :id SET #type = :type`,
      ExpressionAttributeNames: { '#type': 'type' },
      ExpressionAttributeValues: { ':id': new Set([alertId]), ':type': 'PASS_FACTS' },
    }),
  );
}

/**
 * Revokes the person's current pass unless it is already revoked or expired: marks it and adds it to
 * the revocation list in one transaction. False when there was nothing to revoke.
 */
export async function revokeCurrentPass(personId: string, now: Date): Promise<boolean> {
  const pass = await getCurrentPass(personId);
  if (!pass || pass.revokedAt || Date.parse(pass.expiresAt) <= now.getTime()) return false;
  const revokedAt = now.toISOString();
  try {
    await db().send(
      new TransactWriteCommand({
        TransactItems: [
          {
            Update: {
              TableName: tableName(),
              Key: passKey(personId),
              UpdateExpression: 'SET revokedAt = :at',
              ConditionExpression: 'passId = :id AND attribute_not_exists(revokedAt)',
              ExpressionAttributeValues: { ':at': revokedAt, ':id': pass.passId },
            },
          },
          {
            Put: {
              TableName: tableName(),
              Item: {
                ...revocationKey(revokedAt, pass.passId),
                type: 'PASS_REVOCATION',
                passId: pass.passId,
                revokedAt,
                validUntil: pass.expiresAt,
                expiresAt: epochSeconds(pass.expiresAt) + 86_400,
              },
            },
          },
        ],
      }),
    );
    return true;
  } catch (err) {
    // Re-issued or revoked meanwhile: what was current is no longer this pass.
    if (err instanceof TransactionCanceledException || err instanceof ConditionalCheckFailedException)
      return false;
    throw err;
  }
}

/** Revocations at or after `since`, oldest first, one page. */
export async function listRevocations(opts: {
  since: string;
  limit: number;
  cursor?: string | undefined;
}): Promise<{ items: PassRevocation[]; nextCursor: string | null }> {
  // `since` only bounds where the list starts; the cursor continues after its last key whatever `since` is.
  const query = { name: 'pk', value: REVOKED_PARTITION };
  const out = await db().send(
    new QueryCommand({
      TableName: tableName(),
      KeyConditionExpression: 'pk = :pk AND sk >= :since',
      ExpressionAttributeValues: { ':pk': REVOKED_PARTITION, ':since': opts.since },
      ScanIndexForward: true,
      Limit: opts.limit,
      ExclusiveStartKey: decodeCursor(opts.cursor, query),
    }),
  );
  const items = (out.Items ?? []).map((i) => ({
    passId: String(i.passId),
    revokedAt: String(i.revokedAt),
    expiresAt: String(i.validUntil),
  }));
  return { items, nextCursor: encodeCursor(out.LastEvaluatedKey, query) };
}
