/**
 * Home quarantines. A quarantine item is one person's stay; while active it sits in its grid's
 * board list (gsi1) and its city's active list (gsi2, for the check jobs), and the person item
 * names it, so a person is never in two at once.
 */
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { GetCommand, TransactWriteCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { FollowUp, Quarantine, Slot } from '@grid/shared';
import { batchGet } from '../../../lib/dynamo/batch';
import { db, tableName } from '../../../lib/dynamo/client';
import { keys } from '../../../lib/dynamo/keys';
import { putIfAbsent } from '../../../lib/dynamo/put-if-absent';
import { queryAll } from '../../../lib/dynamo/query-all';

export interface QuarantineItem extends Quarantine {
  phoneMasked: string | null;
  address: string;
  createdAt: string;
  /** Today's checks (Asia/Shanghai), kept by the stream consumer from reports and follow-ups. */
  checks: { date: string; morning: boolean; evening: boolean } | null;
  lastTemperature: number | null;
  lastReportAt: string | null;
}

export type QuarantineEvent = Quarantine['history'][number];

function activeIndexKeys(q: Pick<QuarantineItem, 'gridCode' | 'personId' | 'quarantineId'>) {
  return {
    gsi1pk: keys.quarantinedInGrid(q.gridCode),
    gsi1sk: `${q.personId}#${q.quarantineId}`,
    gsi2pk: keys.activeQuarantinesOfCity(q.gridCode.slice(0, 4)),
    gsi2sk: `${q.gridCode}#${q.quarantineId}`,
  };
}

/**
 * Starts quarantines for several persons at once, all or none. Item 2i is person i's update,
 * which fails when that person is already in quarantine.
 */
export async function placeQuarantines(items: QuarantineItem[]): Promise<void> {
  await db().send(
    new TransactWriteCommand({
      TransactItems: items.flatMap((q) => [
        {
          Update: {
            TableName: tableName(),
            Key: keys.person(q.personId),
            UpdateExpression: 'SET activeQuarantineId = :q',
            ConditionExpression:
              'attribute_exists(pk) AND (attribute_not_exists(activeQuarantineId) OR activeQuarantineId = :null)',
            ExpressionAttributeValues: { ':q': q.quarantineId, ':null': null },
          },
        },
        {
          Put: {
            TableName: tableName(),
            Item: { ...keys.quarantine(q.quarantineId), type: 'QUARANTINE', ...q, ...activeIndexKeys(q) },
            ConditionExpression: 'attribute_not_exists(pk)',
          },
        },
      ]),
    }),
  );
}

export async function getQuarantine(
  quarantineId: string,
  consistent = false,
): Promise<QuarantineItem | undefined> {
  const out = await db().send(
    new GetCommand({
      TableName: tableName(),
      Key: keys.quarantine(quarantineId),
      ConsistentRead: consistent,
    }),
  );
  return out.Item as QuarantineItem | undefined;
}

export function getQuarantines(ids: readonly string[]): Promise<QuarantineItem[]> {
  return batchGet<QuarantineItem>(ids.map((id) => keys.quarantine(id)));
}

/** Extends an active quarantine if the caller saw its current version; false otherwise. */
export async function extendQuarantine(
  quarantineId: string,
  version: number,
  plannedEndDate: string,
  event: QuarantineEvent,
): Promise<boolean> {
  try {
    await db().send(
      new UpdateCommand({
        TableName: tableName(),
        Key: keys.quarantine(quarantineId),
        UpdateExpression: 'SET plannedEndDate = :end, history = list_append(history, :ev), version = :next',
        ConditionExpression: '#s = :active AND version = :v',
        ExpressionAttributeNames: { '#s': 'status' },
        ExpressionAttributeValues: {
          ':end': plannedEndDate,
          ':ev': [event],
          ':next': version + 1,
          ':active': 'active',
          ':v': version,
        },
      }),
    );
    return true;
  } catch (err) {
    if (err instanceof ConditionalCheckFailedException) return false;
    throw err;
  }
}

/** Ends an active quarantine (released or transferred) and frees the person; false when it changed meanwhile. */
export async function endQuarantine(
  q: Pick<QuarantineItem, 'quarantineId' | 'personId'>,
  version: number,
  status: 'released' | 'transferred',
  transferredTo: QuarantineItem['transferredTo'],
  event: QuarantineEvent,
): Promise<boolean> {
  try {
    await db().send(
      new TransactWriteCommand({
        TransactItems: [
          {
            Update: {
              TableName: tableName(),
              Key: keys.quarantine(q.quarantineId),
              UpdateExpression:
                'SET #s = :status, transferredTo = :to, history = list_append(history, :ev), version = :next REMOVE gsi1pk, gsi1sk, gsi2pk, gsi2sk',
              ConditionExpression: '#s = :active AND version = :v',
              ExpressionAttributeNames: { '#s': 'status' },
              ExpressionAttributeValues: {
                ':status': status,
                ':to': transferredTo,
                ':ev': [event],
                ':next': version + 1,
                ':active': 'active',
                ':v': version,
              },
            },
          },
          {
            Update: {
              TableName: tableName(),
              Key: keys.person(q.personId),
              UpdateExpression: 'REMOVE activeQuarantineId',
              ConditionExpression: 'activeQuarantineId = :q',
              ExpressionAttributeValues: { ':q': q.quarantineId },
            },
          },
        ],
      }),
    );
    return true;
  } catch (err) {
    if ((err as Error).name === 'TransactionCanceledException') return false;
    throw err;
  }
}

/** Everyone in home quarantine in a grid now (a grid has tens, not thousands). */
export function listActiveInGrid(gridCode: string): Promise<QuarantineItem[]> {
  return queryAll<QuarantineItem>({
    IndexName: 'gsi1',
    KeyConditionExpression: 'gsi1pk = :pk',
    ExpressionAttributeValues: { ':pk': keys.quarantinedInGrid(gridCode) },
  });
}

/** Ids of a city's active quarantines, from the keys-only index. */
export async function listActiveIdsInCity(cityCode: string): Promise<string[]> {
  const items = await queryAll({
    IndexName: 'gsi2',
    KeyConditionExpression: 'gsi2pk = :pk',
    ExpressionAttributeValues: { ':pk': keys.activeQuarantinesOfCity(cityCode) },
  });
  return items.map((i) => String(i.pk).slice('QT#'.length));
}

/**
 * Marks a slot's check done. Today's record is updated in place; a report for a later day starts
 * a new record; a report for an earlier day (a late stream record) changes nothing.
 */
export async function recordCheck(
  quarantineId: string,
  date: string,
  slot: Slot,
  temperature: number,
  at: string,
): Promise<void> {
  const common = { ':t': temperature, ':at': at, ':date': date };
  const markToday = new UpdateCommand({
    TableName: tableName(),
    Key: keys.quarantine(quarantineId),
    UpdateExpression: 'SET checks.#slot = :true, lastTemperature = :t, lastReportAt = :at',
    ConditionExpression: 'attribute_exists(pk) AND checks.#d = :date',
    ExpressionAttributeNames: { '#slot': slot, '#d': 'date' },
    ExpressionAttributeValues: { ...common, ':true': true },
  });
  const startDay = new UpdateCommand({
    TableName: tableName(),
    Key: keys.quarantine(quarantineId),
    UpdateExpression: 'SET checks = :checks, lastTemperature = :t, lastReportAt = :at',
    ConditionExpression:
      'attribute_exists(pk) AND (attribute_not_exists(checks) OR checks = :null OR checks.#d < :date)',
    ExpressionAttributeNames: { '#d': 'date' },
    ExpressionAttributeValues: {
      ...common,
      ':null': null,
      ':checks': { date, morning: slot === 'morning', evening: slot === 'evening' },
    },
  });
  // In place, else a new day, else in place again (another writer started the day meanwhile).
  for (const command of [markToday, startDay, markToday]) {
    try {
      await db().send(command);
      return;
    } catch (err) {
      if (!(err instanceof ConditionalCheckFailedException)) throw err;
    }
  }
}

export type FollowUpItem = FollowUp & {
  type: 'FOLLOW_UP';
  gridCode: string;
  householdId: string;
  personName: string;
  idempotencyKey: string;
  requestHash: string;
};

/** Records a follow-up unless its key (person, day, slot, idempotency key) is taken; then returns the holder. */
export function putFollowUp(item: FollowUpItem, key: { pk: string; sk: string }) {
  return putIfAbsent(key, item);
}
