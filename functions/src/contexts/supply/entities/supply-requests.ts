/**
 * Supply requests. A request lives in its household's partition (`SR#<sequence>`, a ULID), so the
 * household's list is one query; while open it sits in its grid's gsi1 list, once delivered in its
 * city's delivered list (for the auto-confirm job). Every state change is a conditional update on
 * the status read, so two people acting at once cannot both win.
 */
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { DeleteCommand, GetCommand, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import type { PreferredTime, SupplyEvent, SupplyItem, SupplyStatus } from '@grid/shared';
import { db, tableName } from '../../../lib/dynamo/client';
import { queryPage } from '../../../lib/dynamo/cursor';
import { keys } from '../../../lib/dynamo/keys';
import { putClaimingKey } from '../../../lib/dynamo/put-if-absent';
import { queryAll } from '../../../lib/dynamo/query-all';

export interface SupplyRequestItem {
  type: 'SUPPLY_REQUEST';
  requestId: string;
  householdId: string;
  /** The ULID in the sort key. */
  seq: string;
  gridCode: string;
  address: string;
  contactPhoneEnc: string | null;
  contactPhoneMasked: string | null;
  items: SupplyItem[];
  note: string | null;
  preferredTime: PreferredTime | null;
  status: SupplyStatus;
  createdAt: string;
  createdBy: string;
  updatedAt: string;
  acceptedBy: string | null;
  acceptedAt: string | null;
  deliveredBy: string | null;
  deliveredAt: string | null;
  deliveryNote: string | null;
  confirmedAt: string | null;
  autoConfirmed: boolean;
  rejectionReason: string | null;
  history: SupplyEvent[];
  idempotencyKey: string;
  requestHash: string;
}

/** The Idempotency-Key claim: which request a key made, and from what body. */
export interface SupplyKeyItem {
  requestId: string;
  idempotencyKey: string;
  requestHash: string;
}

const IDEMPOTENCY_KEY_DAYS = 7;

export function supplyRequestId(householdId: string, seq: string): string {
  return `S.${householdId}.${seq}`;
}

export function parseSupplyRequestId(requestId: string): { householdId: string; seq: string } {
  const [, householdId = '', seq = ''] = requestId.split('.');
  return { householdId, seq };
}

export function cityOfGrid(gridCode: string): string {
  return gridCode.slice(0, 4);
}

function openIndexKeys(item: Pick<SupplyRequestItem, 'gridCode' | 'createdAt' | 'requestId'>) {
  return { gsi1pk: keys.openSupplyOfGrid(item.gridCode), gsi1sk: `${item.createdAt}#${item.requestId}` };
}

/**
 * Writes a new request and claims its Idempotency-Key in one transaction. When the key is taken,
 * returns the claim (the caller tells a retry from a reuse and reads the original).
 */
export function putSupplyRequest(
  item: SupplyRequestItem,
  now: Date,
): Promise<{ created: true } | { created: false; claim: SupplyKeyItem }> {
  return putClaimingKey<SupplyKeyItem>(
    {
      ...keys.supplyRequestKey(item.householdId, item.idempotencyKey),
      type: 'SUPPLY_REQUEST_KEY',
      requestId: item.requestId,
      idempotencyKey: item.idempotencyKey,
      requestHash: item.requestHash,
      expiresAt: Math.floor(now.getTime() / 1000) + IDEMPOTENCY_KEY_DAYS * 86_400,
    },
    { ...keys.supplyRequest(item.householdId, item.seq), ...item, ...openIndexKeys(item) },
  );
}

export async function getSupplyRequest(requestId: string): Promise<SupplyRequestItem | undefined> {
  const { householdId, seq } = parseSupplyRequestId(requestId);
  const out = await db().send(
    new GetCommand({
      TableName: tableName(),
      Key: keys.supplyRequest(householdId, seq),
      ConsistentRead: true,
    }),
  );
  return out.Item as SupplyRequestItem | undefined;
}

/** A household's requests, newest first. */
export function listHouseholdSupplyRequests(householdId: string, limit: number, cursor?: string) {
  return queryPage<SupplyRequestItem>({
    partition: keys.household(householdId).pk,
    skPrefix: 'SR#',
    newestFirst: true,
    limit,
    cursor,
  });
}

/** A grid's open requests, oldest first. */
export function listOpenSupplyRequests(gridCode: string, limit: number, cursor?: string) {
  return queryPage<SupplyRequestItem>({
    partition: keys.openSupplyOfGrid(gridCode),
    index: 'gsi1',
    newestFirst: false,
    limit,
    cursor,
  });
}

/** Every request of a city delivered before the instant and not yet confirmed (all pages). */
export async function listDeliveredBefore(cityCode: string, before: string): Promise<SupplyRequestItem[]> {
  return queryAll<SupplyRequestItem>({
    IndexName: 'gsi1',
    KeyConditionExpression: 'gsi1pk = :pk AND gsi1sk < :before',
    ExpressionAttributeValues: { ':pk': keys.deliveredSupplyOfCity(cityCode), ':before': `${before}#~` },
  });
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
      gsi1pk: keys.deliveredSupplyOfCity(cityOfGrid(item.gridCode)),
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
        Key: keys.supplyRequest(householdId, seq),
        UpdateExpression: `SET ${sets.join(', ')}${remove}`,
        ConditionExpression: 'attribute_exists(pk) AND #status = :from',
        ExpressionAttributeNames: names,
        ExpressionAttributeValues: values,
        ReturnValues: 'ALL_NEW',
        ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
      }),
    );
    return { applied: true, item: out.Attributes as SupplyRequestItem };
  } catch (err) {
    if (err instanceof ConditionalCheckFailedException) {
      return { applied: false, current: err.Item ? (unmarshall(err.Item) as SupplyRequestItem) : undefined };
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
          ...keys.supplyNotice(householdId, seq, status),
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
      Key: keys.supplyNotice(householdId, seq, status),
      UpdateExpression: 'SET outcome = :o',
      ExpressionAttributeValues: { ':o': outcome },
    }),
  );
}

/** Gives a claim back when sending failed unexpectedly, so the redelivered record can try again. */
export async function releaseSupplyNotice(requestId: string, status: SupplyStatus): Promise<void> {
  const { householdId, seq } = parseSupplyRequestId(requestId);
  await db().send(
    new DeleteCommand({ TableName: tableName(), Key: keys.supplyNotice(householdId, seq, status) }),
  );
}
