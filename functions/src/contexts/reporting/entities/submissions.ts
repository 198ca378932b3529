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
import type { Slot, SubmissionType, Verification } from '@grid/shared';
import * as z from 'zod';
import { db, tableName } from '../../../lib/dynamo/client';
import { decodeCursor, encodeCursor } from '../../../lib/dynamo/cursor';
import { parseItem, parseItems, parseOptionalItem } from '../../../lib/dynamo/parse-item';
import { putIfAbsent } from '../../../lib/dynamo/put-if-absent';
import { countAll } from '../../../lib/dynamo/query';
import { type HealthReportItem, healthReportItemSchema, healthReportKeys } from './health-report';
import {
  type TravelDeclarationItem,
  travelDeclarationItemSchema,
  travelDeclarationKeys,
} from './travel-declaration';

export const submissionItemSchema = z.discriminatedUnion('type', [
  healthReportItemSchema,
  travelDeclarationItemSchema,
]);
export type SubmissionItem = z.infer<typeof submissionItemSchema>;
export type { HealthReportItem, TravelDeclarationItem };

const ITEM_TYPE = { health: 'HEALTH_REPORT', travel: 'TRAVEL_DECLARATION' } as const;

export const pendingKeys = {
  /** gsi1 partition of a grid's pending submissions, both types, urgent first. */
  ofGrid: (gridCode: string) => `PENDING#${gridCode}`,
};

/**
 * Submission ids name their item: H.<personId>.<yyyymmdd>.<m|e>[.<attempt>] or T.<personId>.<key>.
 * A health report's attempt (2–9) is there only when the slot was reported again after a rejection.
 */
export type SubmissionRef =
  | { type: 'health'; personId: string; date: string; slot: Slot; attempt?: number }
  | { type: 'travel'; personId: string; idempotencyKey: string };

export function submissionId(ref: SubmissionRef): string {
  if (ref.type === 'health') {
    const attempt = ref.attempt !== undefined && ref.attempt > 1 ? `.${ref.attempt}` : '';
    return `H.${ref.personId}.${ref.date.replaceAll('-', '')}.${ref.slot === 'morning' ? 'm' : 'e'}${attempt}`;
  }
  return `T.${ref.personId}.${ref.idempotencyKey}`;
}

export function parseSubmissionId(id: string): SubmissionRef {
  const [kind, personId = '', rest = '', slot = '', attempt] = id.split('.');
  if (kind === 'H') {
    const date = `${rest.slice(0, 4)}-${rest.slice(4, 6)}-${rest.slice(6, 8)}`;
    return {
      type: 'health',
      personId,
      date,
      slot: slot === 'm' ? 'morning' : 'evening',
      ...(attempt ? { attempt: Number(attempt) } : {}),
    };
  }
  return { type: 'travel', personId, idempotencyKey: rest };
}

export function submissionKey(ref: SubmissionRef) {
  return ref.type === 'health'
    ? healthReportKeys.item(ref.personId, ref.date, ref.slot, ref.attempt)
    : travelDeclarationKeys.item(ref.personId, ref.idempotencyKey);
}

/** 0 fever, 1 travel from a risk area, 2 anything else: the pending list's first sort-key part. */
export function urgencyRank(item: SubmissionItem): 0 | 1 | 2 {
  if (item.type === 'HEALTH_REPORT') return item.fever ? 0 : 2;
  return item.riskFlagged ? 1 : 2;
}

/** The gsi1 keys that put a submission on its grid's pending list (bench loaders write them too). */
export function pendingIndexKeys(item: SubmissionItem, submittedAt: string) {
  return {
    gsi1pk: pendingKeys.ofGrid(item.gridCode),
    gsi1sk: `${urgencyRank(item)}#${submittedAt}#${item.personId}`,
  };
}

/**
 * Writes a submission into its grid's pending list unless its key is taken; then the item holding
 * the key comes back, read in the same call (see putIfAbsent). A submission's key is its identity
 * (health: person, day, slot, attempt; travel: the Idempotency-Key), so no claim item is needed:
 * the caller tells a retry from a reuse by the stored key and request hash.
 */
async function putSubmission<S extends z.ZodType<SubmissionItem>>(
  schema: S,
  item: z.output<S>,
  key: { pk: string; sk: string },
  submittedAt: string,
): Promise<{ created: true } | { created: false; existing: z.output<S> }> {
  const result = await putIfAbsent<Record<string, unknown>>(key, item, pendingIndexKeys(item, submittedAt));
  return result.created ? result : { created: false, existing: parseItem(schema, result.existing) };
}

/** `attempt` > 1: the slot's earlier reports were rejected; this one goes beside them. */
export function putHealthReport(item: HealthReportItem, attempt = 1) {
  return putSubmission(
    healthReportItemSchema,
    item,
    healthReportKeys.item(item.personId, item.date, item.slot, attempt),
    item.reportedAt,
  );
}

export function putTravelDeclaration(item: TravelDeclarationItem) {
  return putSubmission(
    travelDeclarationItemSchema,
    item,
    travelDeclarationKeys.item(item.personId, item.idempotencyKey),
    item.createdAt,
  );
}

export async function getSubmission(ref: SubmissionRef): Promise<SubmissionItem | undefined> {
  const out = await db().send(
    new GetCommand({ TableName: tableName(), Key: submissionKey(ref), ConsistentRead: true }),
  );
  return parseOptionalItem(submissionItemSchema, out.Item);
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
  const partition = pendingKeys.ofGrid(gridCode);
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
    items.push(...parseItems(submissionItemSchema, out.Items ?? []));
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
    ExpressionAttributeValues: { ':pk': pendingKeys.ofGrid(gridCode), ':type': ITEM_TYPE[type] },
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
