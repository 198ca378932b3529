/**
 * Health reports and travel declarations: both are "submissions" a gridworker verifies. An
 * unverified one sits in its grid's pending list (gsi1); verifying removes it from there.
 */
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { GetCommand, QueryCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { HealthReport, SubmissionType, TravelDeclaration, Verification } from '@grid/shared';
import { db, tableName } from './client';
import { countGsi1 } from './count';
import { decodeCursor, encodeCursor } from './cursor';
import { keys, type SubmissionRef, submissionKey } from './keys';
import { putIfAbsent } from './put-if-absent';
import { queryAll } from './query-all';

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

function pendingIndexKeys(type: SubmissionType, gridCode: string, submittedAt: string, personId: string) {
  return { gsi1pk: keys.pending(gridCode, type), gsi1sk: `${submittedAt}#${personId}` };
}

/** Writes a submission into its grid's pending list unless its key is taken (see putIfAbsent). */
function putSubmission<T extends SubmissionItem>(
  item: T,
  key: { pk: string; sk: string },
  submittedAt: string,
) {
  const type = item.type === 'HEALTH_REPORT' ? 'health' : 'travel';
  return putIfAbsent(key, item, pendingIndexKeys(type, item.gridCode, submittedAt, item.personId));
}

export function putHealthReport(item: HealthReportItem) {
  return putSubmission(item, keys.healthReport(item.personId, item.date, item.slot), item.reportedAt);
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

/** One page of a grid's pending submissions, oldest first. */
export async function listPending(gridCode: string, type: SubmissionType, limit: number, cursor?: string) {
  const partition = keys.pending(gridCode, type);
  const out = await db().send(
    new QueryCommand({
      TableName: tableName(),
      IndexName: 'gsi1',
      KeyConditionExpression: 'gsi1pk = :pk',
      ExpressionAttributeValues: { ':pk': partition },
      ScanIndexForward: true,
      Limit: limit,
      ExclusiveStartKey: decodeCursor(cursor, { name: 'gsi1pk', value: partition }),
    }),
  );
  return {
    items: (out.Items ?? []) as SubmissionItem[],
    nextCursor: encodeCursor(out.LastEvaluatedKey, { name: 'gsi1pk', value: partition }),
  };
}

export function countPending(gridCode: string, type: SubmissionType): Promise<number> {
  return countGsi1(keys.pending(gridCode, type));
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
