/**
 * Health reports and travel declarations: both are "submissions" a gridworker verifies. An
 * unverified one sits in its grid's pending list (gsi1); verifying removes it from there.
 *
 * The pending list is one gsi1 partition per grid for both types, sorted urgent first by its sort
 * key `<rank>#<submittedAt>#<personId>`: rank 0 a fever, 1 travel from a risk area, 2 the rest, and
 * within a rank the oldest first. So "urgent first, then oldest" is one Query, paged by its cursor.
 */
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { GetCommand, QueryCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { HealthReport, SubmissionType, TravelDeclaration, Verification } from '@grid/shared';
import { db, tableName } from '../../../lib/dynamo/client';
import { decodeCursor, encodeCursor } from '../../../lib/dynamo/cursor';
import { keys, type SubmissionRef, submissionKey } from '../../../lib/dynamo/keys';
import { putIfAbsent } from '../../../lib/dynamo/put-if-absent';
import { countAll, queryAll } from '../../../lib/dynamo/query-all';

/** Denormalized so the pending list needs no second read; only masked forms are copied. */
interface PersonSnapshot {
  householdId: string;
  personName: string;
  idNumberMasked: string;
  phoneMasked: string | null;
}

interface IdempotencyFields {
  idempotencyKey: string;
  /** Hash of the request body, to tell a retry from a different request with the same key. */
  requestHash: string;
}

export type HealthReportItem = HealthReport &
  PersonSnapshot &
  IdempotencyFields & { type: 'HEALTH_REPORT'; quarantineId: string | null };
export type TravelDeclarationItem = TravelDeclaration &
  PersonSnapshot &
  IdempotencyFields & { type: 'TRAVEL_DECLARATION' };
export type SubmissionItem = HealthReportItem | TravelDeclarationItem;

const ITEM_TYPE = { health: 'HEALTH_REPORT', travel: 'TRAVEL_DECLARATION' } as const;

/** 0 fever, 1 travel from a risk area, 2 anything else: the pending list's first sort-key part. */
export function urgencyRank(item: SubmissionItem): 0 | 1 | 2 {
  if (item.type === 'HEALTH_REPORT') return item.fever ? 0 : 2;
  return item.riskFlagged ? 1 : 2;
}

/** The gsi1 keys that put a submission on its grid's pending list (bench loaders write them too). */
export function pendingIndexKeys(item: SubmissionItem, submittedAt: string) {
  return {
    gsi1pk: keys.pending(item.gridCode),
    gsi1sk: `${urgencyRank(item)}#${submittedAt}#${item.personId}`,
  };
}

/** Writes a submission into its grid's pending list unless its key is taken (see putIfAbsent). */
function putSubmission<T extends SubmissionItem>(
  item: T,
  key: { pk: string; sk: string },
  submittedAt: string,
) {
  return putIfAbsent(key, item, pendingIndexKeys(item, submittedAt));
}

/** `attempt` > 1: the slot's earlier reports were rejected; this one goes beside them. */
export function putHealthReport(item: HealthReportItem, attempt = 1) {
  return putSubmission(
    item,
    keys.healthReport(item.personId, item.date, item.slot, attempt),
    item.reportedAt,
  );
}

export function putTravelDeclaration(item: TravelDeclarationItem) {
  return putSubmission(item, keys.travelDeclaration(item.personId, item.idempotencyKey), item.createdAt);
}

export async function getSubmission(ref: SubmissionRef): Promise<SubmissionItem | undefined> {
  const out = await db().send(
    new GetCommand({ TableName: tableName(), Key: submissionKey(ref), ConsistentRead: true }),
  );
  return out.Item as SubmissionItem | undefined;
}

export function listHealthReports(personId: string, from: string, to: string): Promise<HealthReportItem[]> {
  return queryAll<HealthReportItem>({
    KeyConditionExpression: 'pk = :pk AND sk BETWEEN :from AND :to',
    ExpressionAttributeValues: {
      ':pk': keys.person(personId).pk,
      ':from': `HR#${from}`,
      ':to': `HR#${to}#~`,
    },
  });
}

/** A person's travel declarations made since an instant (declarations are few per person). */
export function listTravelDeclarationsSince(
  personId: string,
  since: string,
): Promise<TravelDeclarationItem[]> {
  return queryAll<TravelDeclarationItem>({
    KeyConditionExpression: 'pk = :pk AND begins_with(sk, :td)',
    FilterExpression: 'createdAt >= :since',
    ExpressionAttributeValues: { ':pk': keys.person(personId).pk, ':td': 'TD#', ':since': since },
  });
}

/**
 * One page of a grid's pending submissions, urgent first (fever, risk-area travel), then oldest.
 * With a type, only that type: the partition is read on (filtered) until the page is full.
 */
export async function listPending(
  gridCode: string,
  type: SubmissionType | undefined,
  limit: number,
  cursor?: string,
): Promise<{ items: SubmissionItem[]; nextCursor: string | null }> {
  const partition = keys.pending(gridCode);
  // The cursor is bound to the list it pages: all types, or one.
  const query = { name: 'gsi1pk', value: partition, filter: `type=${type ?? 'all'}` };
  const items: SubmissionItem[] = [];
  let startKey = decodeCursor(cursor, query);
  let more = true;
  while (items.length < limit && more) {
    const out = await db().send(
      new QueryCommand({
        TableName: tableName(),
        IndexName: 'gsi1',
        KeyConditionExpression: 'gsi1pk = :pk',
        ...(type ? { FilterExpression: '#type = :type', ExpressionAttributeNames: { '#type': 'type' } } : {}),
        ExpressionAttributeValues: { ':pk': partition, ...(type ? { ':type': ITEM_TYPE[type] } : {}) },
        ScanIndexForward: true,
        Limit: limit - items.length,
        ExclusiveStartKey: startKey,
      }),
    );
    items.push(...((out.Items ?? []) as SubmissionItem[]));
    startKey = out.LastEvaluatedKey;
    more = startKey !== undefined;
  }
  return { items, nextCursor: more ? encodeCursor(startKey, query) : null };
}

/** A grid's pending submissions of one type (one Query of its pending partition, counted). */
export function countPending(gridCode: string, type: SubmissionType): Promise<number> {
  return countAll({
    IndexName: 'gsi1',
    KeyConditionExpression: 'gsi1pk = :pk',
    FilterExpression: '#type = :type',
    ExpressionAttributeNames: { '#type': 'type' },
    ExpressionAttributeValues: { ':pk': keys.pending(gridCode), ':type': ITEM_TYPE[type] },
  });
}

/**
 * Records a verification once: fails (returns false) when the submission is no longer pending,
 * so two gridworkers verifying at once cannot both win.
 */
export async function recordVerification(ref: SubmissionRef, verification: Verification): Promise<boolean> {
  try {
    await db().send(
      new UpdateCommand({
        TableName: tableName(),
        Key: submissionKey(ref),
        UpdateExpression: 'SET verification = :v REMOVE gsi1pk, gsi1sk',
        ConditionExpression: 'verification.#status = :pending',
        ExpressionAttributeNames: { '#status': 'status' },
        ExpressionAttributeValues: { ':v': verification, ':pending': 'pending' },
      }),
    );
    return true;
  } catch (err) {
    if (err instanceof ConditionalCheckFailedException) return false;
    throw err;
  }
}
