/**
 * Supply requests. A request lives in its household's partition (`SR#<sequence>`, a ULID), so the
 * household's list is one query; while open it sits in its grid's gsi1 list, once delivered in its
 * city's delivered list (for the auto-confirm job). Every state change is a conditional update on
 * the status read, so two people acting at once cannot both win.
 */
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { DeleteCommand, GetCommand, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import {
  cityOf,
  preferredTimeSchema,
  type SupplyEvent,
  type SupplyStatus,
  supplyEventSchema,
  supplyItemSchema,
  supplyRequestIds,
  supplyStatusSchema,
} from '@grid/shared';
import * as z from 'zod';
import { db, tableName } from '../../../lib/dynamo/client';
import { queryPage } from '../../../lib/dynamo/cursor';
import { parseItem, parseItems, parseOptionalItem } from '../../../lib/dynamo/parse-item';
import { countGsi1, queryAll } from '../../../lib/dynamo/query';
import { type Claimed, claimedWrite, type KeyClaim } from '../../../lib/idempotency';

export const supplyRequestItemSchema = z.lazy(() =>
  z.object({
    type: z.literal('SUPPLY_REQUEST'),
    requestId: z.string(),
    householdId: z.string(),
    /** The ULID in the sort key. */
    seq: z.string(),
    gridCode: z.string(),
    address: z.string(),
    contactPhoneEnc: z.string().nullable(),
    contactPhoneMasked: z.string().nullable(),
    items: z.array(supplyItemSchema),
    note: z.string().nullable(),
    preferredTime: preferredTimeSchema.nullable(),
    status: supplyStatusSchema,
    createdAt: z.string(),
    createdBy: z.string(),
    updatedAt: z.string(),
    acceptedBy: z.string().nullable(),
    acceptedAt: z.string().nullable(),
    deliveredBy: z.string().nullable(),
    deliveredAt: z.string().nullable(),
    deliveryNote: z.string().nullable(),
    confirmedAt: z.string().nullable(),
    autoConfirmed: z.boolean(),
    rejectionReason: z.string().nullable(),
    history: z.array(supplyEventSchema),
    idempotencyKey: z.string(),
    requestHash: z.string(),
  }),
);
export type SupplyRequestItem = z.infer<typeof supplyRequestItemSchema>;

/** The Idempotency-Key claim: which request a key made, and from what body. */
export interface SupplyRequestClaim extends KeyClaim {
  requestId: string;
}

export const supplyRequestKeys = {
  /** In the household's partition: its requests read newest first in one query. */
  item: (householdId: string, seq: string) => ({ pk: `HH#${householdId}`, sk: `SR#${seq}` }),
  /** The household's requests: its partition and their sort-key prefix. */
  ofHousehold: (householdId: string) => ({ partition: `HH#${householdId}`, skPrefix: 'SR#' }),
  /** Claims an Idempotency-Key for a household's new request; holds the request's id. */
  claim: (householdId: string, idempotencyKey: string) => ({
    pk: `HH#${householdId}`,
    sk: `SRKEY#${idempotencyKey}`,
  }),
  /** gsi1 partition of a grid's open (submitted, accepted) requests, oldest first. */
  openOfGrid: (gridCode: string) => `SUPPLYOPEN#${gridCode}`,
  /** gsi1 partition of a city's delivered, unconfirmed requests by delivery time, for auto-confirm. */
  deliveredOfCity: (cityCode: string) => `SUPPLYDELIVERED#${cityCode}`,
  /** Marks a transition's notice as sent, so a redelivered stream record sends none. */
  notice: (householdId: string, seq: string, status: string) => ({
    pk: `HH#${householdId}`,
    sk: `SRNOTICE#${seq}#${status}`,
  }),
};

/** The id format is defined once, in shared (`supplyRequestIds`). */
export const supplyRequestId = supplyRequestIds.make;
export const parseSupplyRequestId = supplyRequestIds.parse;

export function cityOfGrid(gridCode: string): string {
  return cityOf(gridCode);
}

function openIndexKeys(item: Pick<SupplyRequestItem, 'gridCode' | 'createdAt' | 'requestId'>) {
  return {
    gsi1pk: supplyRequestKeys.openOfGrid(item.gridCode),
    gsi1sk: `${item.createdAt}#${item.requestId}`,
  };
}

/**
 * Writes a new request and claims its Idempotency-Key in one transaction. A retry of the same body
 * gets the original (created false); the key reused for another body is 422 IDEMPOTENCY_KEY_REUSED.
 */
export function putSupplyRequest(item: SupplyRequestItem, now: Date): Promise<Claimed<SupplyRequestItem>> {
  return claimedWrite<SupplyRequestClaim, SupplyRequestItem>({
    claimKey: supplyRequestKeys.claim(item.householdId, item.idempotencyKey),
    claim: {
      type: 'SUPPLY_REQUEST_KEY',
      requestId: item.requestId,
      idempotencyKey: item.idempotencyKey,
      requestHash: item.requestHash,
    },
    writes: [
      {
        Put: {
          TableName: tableName(),
          Item: { ...supplyRequestKeys.item(item.householdId, item.seq), ...item, ...openIndexKeys(item) },
          ConditionExpression: 'attribute_not_exists(pk)',
        },
      },
    ],
    value: item,
    original: (claim) => getSupplyRequest(claim.requestId),
    now,
  });
}

export async function getSupplyRequest(requestId: string): Promise<SupplyRequestItem | undefined> {
  const { householdId, seq } = parseSupplyRequestId(requestId);
  const out = await db().send(
    new GetCommand({
      TableName: tableName(),
      Key: supplyRequestKeys.item(householdId, seq),
      ConsistentRead: true,
    }),
  );
  return parseOptionalItem(supplyRequestItemSchema, out.Item);
}

/** A household's requests, newest first. */
export async function listHouseholdSupplyRequests(householdId: string, limit: number, cursor?: string) {
  const page = await queryPage<Record<string, unknown>>({
    ...supplyRequestKeys.ofHousehold(householdId),
    newestFirst: true,
    limit,
    cursor,
  });
  return { items: parseItems(supplyRequestItemSchema, page.items), nextCursor: page.nextCursor };
}

/** A grid's open requests, oldest first. */
export async function listOpenSupplyRequests(gridCode: string, limit: number, cursor?: string) {
  const page = await queryPage<Record<string, unknown>>({
    partition: supplyRequestKeys.openOfGrid(gridCode),
    index: 'gsi1',
    newestFirst: false,
    limit,
    cursor,
  });
  return { items: parseItems(supplyRequestItemSchema, page.items), nextCursor: page.nextCursor };
}

/** How many requests of a grid are open (submitted or accepted): the stats recount's figure. */
export function countOpenSupplyRequestsOfGrid(gridCode: string): Promise<number> {
  return countGsi1(supplyRequestKeys.openOfGrid(gridCode));
}

/** Every request of a city delivered before the instant and not yet confirmed (all pages). */
export async function listDeliveredBefore(cityCode: string, before: string): Promise<SupplyRequestItem[]> {
  const items = await queryAll({
    IndexName: 'gsi1',
    KeyConditionExpression: 'gsi1pk = :pk AND gsi1sk < :before',
    ExpressionAttributeValues: {
      ':pk': supplyRequestKeys.deliveredOfCity(cityCode),
      ':before': `${before}#~`,
    },
  });
  return parseItems(supplyRequestItemSchema, items);
}

/** Where a transition leaves the request in gsi1. */
export type IndexChange = { set: { gsi1pk: string; gsi1sk: string } } | 'remove' | 'keep';

export interface Transition {
  from: SupplyStatus;
  to: SupplyStatus;
  event: SupplyEvent;
  fields: Partial<
    Pick<
      SupplyRequestItem,
      | 'acceptedBy'
      | 'acceptedAt'
      | 'deliveredBy'
      | 'deliveredAt'
      | 'deliveryNote'
      | 'confirmedAt'
      | 'autoConfirmed'
      | 'rejectionReason'
    >
  >;
  index: IndexChange;
}

export function deliveredIndexKeys(
  item: Pick<SupplyRequestItem, 'gridCode' | 'requestId'>,
  deliveredAt: string,
) {
  return {
    set: {
      gsi1pk: supplyRequestKeys.deliveredOfCity(cityOfGrid(item.gridCode)),
      gsi1sk: `${deliveredAt}#${item.requestId}`,
    },
  };
}

/**
 * Applies a transition if the request is still in `from`. Returns the new item, or the current
 * one when someone else changed the status first.
 */
export async function applyTransition(
  requestId: string,
  t: Transition,
): Promise<
  { applied: true; item: SupplyRequestItem } | { applied: false; current: SupplyRequestItem | undefined }
> {
  const { householdId, seq } = parseSupplyRequestId(requestId);
  const names: Record<string, string> = { '#status': 'status' };
  const values: Record<string, unknown> = {
    ':from': t.from,
    ':to': t.to,
    ':at': t.event.at,
    ':event': [t.event],
  };
  const sets = ['#status = :to', 'updatedAt = :at', 'history = list_append(history, :event)'];
  Object.entries(t.fields).forEach(([field, value], i) => {
    names[`#f${i}`] = field;
    values[`:f${i}`] = value;
    sets.push(`#f${i} = :f${i}`);
  });
  let remove = '';
  if (t.index === 'remove') remove = ' REMOVE gsi1pk, gsi1sk';
  else if (t.index !== 'keep') {
    sets.push('gsi1pk = :gpk', 'gsi1sk = :gsk');
    values[':gpk'] = t.index.set.gsi1pk;
    values[':gsk'] = t.index.set.gsi1sk;
  }
  try {
    const out = await db().send(
      new UpdateCommand({
        TableName: tableName(),
        Key: supplyRequestKeys.item(householdId, seq),
        UpdateExpression: `SET ${sets.join(', ')}${remove}`,
        ConditionExpression: 'attribute_exists(pk) AND #status = :from',
        ExpressionAttributeNames: names,
        ExpressionAttributeValues: values,
        ReturnValues: 'ALL_NEW',
        ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
      }),
    );
    return { applied: true, item: parseItem(supplyRequestItemSchema, out.Attributes ?? {}) };
  } catch (err) {
    if (err instanceof ConditionalCheckFailedException) {
      return {
        applied: false,
        current: parseOptionalItem(supplyRequestItemSchema, err.Item ? unmarshall(err.Item) : undefined),
      };
    }
    throw err;
  }
}

/** Claims the notice of one transition; false when it was already claimed (a redelivered record). */
export async function claimSupplyNotice(requestId: string, status: SupplyStatus, at: Date): Promise<boolean> {
  const { householdId, seq } = parseSupplyRequestId(requestId);
  try {
    await db().send(
      new PutCommand({
        TableName: tableName(),
        Item: {
          ...supplyRequestKeys.notice(householdId, seq, status),
          type: 'SUPPLY_NOTICE',
          requestId,
          status,
          claimedAt: at.toISOString(),
          expiresAt: Math.floor(at.getTime() / 1000) + 30 * 86_400,
        },
        ConditionExpression: 'attribute_not_exists(pk)',
      }),
    );
    return true;
  } catch (err) {
    if (err instanceof ConditionalCheckFailedException) return false;
    throw err;
  }
}

export async function recordSupplyNoticeOutcome(
  requestId: string,
  status: SupplyStatus,
  outcome: string,
): Promise<void> {
  const { householdId, seq } = parseSupplyRequestId(requestId);
  await db().send(
    new UpdateCommand({
      TableName: tableName(),
      Key: supplyRequestKeys.notice(householdId, seq, status),
      UpdateExpression: 'SET outcome = :o',
      ExpressionAttributeValues: { ':o': outcome },
    }),
  );
}

/** Gives a claim back when sending failed unexpectedly, so the redelivered record can try again. */
export async function releaseSupplyNotice(requestId: string, status: SupplyStatus): Promise<void> {
  const { householdId, seq } = parseSupplyRequestId(requestId);
  await db().send(
    new DeleteCommand({ TableName: tableName(), Key: supplyRequestKeys.notice(householdId, seq, status) }),
  );
}
