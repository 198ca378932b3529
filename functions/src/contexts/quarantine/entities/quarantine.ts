/**
 * Home quarantines. A quarantine item is one person's stay; while active it sits in its grid's
 * board list (gsi1) and its city's active list (gsi2, for the check jobs), and the person item
 * names it, so a person is never in two at once.
 */
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { GetCommand, QueryCommand, TransactWriteCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { cityOf, type quarantineEventSchema, quarantineSchema, type Slot } from '@grid/shared';
import * as z from 'zod';
import { batchGet } from '../../../lib/dynamo/batch';
import { db, tableName } from '../../../lib/dynamo/client';
import { keys } from '../../../lib/dynamo/keys';
import { parseItems, parseOptionalItem } from '../../../lib/dynamo/parse-item';
import { queryAll } from '../../../lib/dynamo/query';

export const quarantineItemSchema = quarantineSchema.extend({
  type: z.literal('QUARANTINE'),
  phoneMasked: z.string().nullable(),
  address: z.string(),
  createdAt: z.string(),
  /** Today's checks (Asia/Shanghai), kept by the stream consumer from reports and follow-ups. */
  checks: z.object({ date: z.string(), morning: z.boolean(), evening: z.boolean() }).nullable(),
  lastTemperature: z.number().nullable(),
  lastReportAt: z.string().nullable(),
});
export type QuarantineItem = z.infer<typeof quarantineItemSchema>;
/** A quarantine about to be placed: the stored item before its type tag. */
export type NewQuarantine = Omit<QuarantineItem, 'type'>;

export type QuarantineEvent = z.infer<typeof quarantineEventSchema>;

export const quarantineKeys = {
  item: (quarantineId: string) => ({ pk: `QT#${quarantineId}`, sk: 'QT' }),
  /** gsi1 partition of a grid's people in home quarantine now. */
  activeInGrid: (gridCode: string) => `QUARANTINED#${gridCode}`,
  /** gsi2 partition (keys only) of a city's active quarantines, for the check jobs. */
  activeOfCity: (cityCode: string) => `ACTIVEQT#${cityCode}`,
  /** The quarantine's id from a key read off an index (keys only). */
  idOf: (key: Record<string, unknown>) => String(key.pk).slice('QT#'.length),
  /** Marks a reminder as sent (or handed to a gridworker), so the job sends it once. */
  reminder: (quarantineId: string, date: string, slot: Slot) => ({
    pk: `QT#${quarantineId}`,
    sk: `REMINDER#${date}#${slot}`,
  }),
};

/** Where an active quarantine sits in the indexes: its grid's board (gsi1), its city's job list (gsi2). */
export function activeIndexKeys(q: Pick<QuarantineItem, 'gridCode' | 'personId' | 'quarantineId'>) {
  return {
    gsi1pk: quarantineKeys.activeInGrid(q.gridCode),
    gsi1sk: `${q.personId}#${q.quarantineId}`,
    gsi2pk: quarantineKeys.activeOfCity(cityOf(q.gridCode)),
    gsi2sk: `${q.gridCode}#${q.quarantineId}`,
  };
}

/**
 * Starts quarantines for several persons at once, all or none. Item 2i is person i's update,
 * which fails when that person is already in quarantine.
 */
export async function placeQuarantines(items: NewQuarantine[]): Promise<void> {
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
            Item: { ...quarantineKeys.item(q.quarantineId), type: 'QUARANTINE', ...q, ...activeIndexKeys(q) },
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
      Key: quarantineKeys.item(quarantineId),
      ConsistentRead: consistent,
    }),
  );
  return parseOptionalItem(quarantineItemSchema, out.Item);
}

export async function getQuarantines(ids: readonly string[]): Promise<QuarantineItem[]> {
  return parseItems(
    quarantineItemSchema,
    await batchGet<Record<string, unknown>>(ids.map((id) => quarantineKeys.item(id))),
  );
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
        Key: quarantineKeys.item(quarantineId),
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
              Key: quarantineKeys.item(q.quarantineId),
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
export async function listActiveInGrid(gridCode: string): Promise<QuarantineItem[]> {
  const items = await queryAll({
    IndexName: 'gsi1',
    KeyConditionExpression: 'gsi1pk = :pk',
    ExpressionAttributeValues: { ':pk': quarantineKeys.activeInGrid(gridCode) },
  });
  return parseItems(quarantineItemSchema, items);
}

/** Ids of a city's active quarantines, from the keys-only index. */
export async function listActiveIdsInCity(cityCode: string): Promise<string[]> {
  const items = await queryAll({
    IndexName: 'gsi2',
    KeyConditionExpression: 'gsi2pk = :pk',
    ExpressionAttributeValues: { ':pk': quarantineKeys.activeOfCity(cityCode) },
  });
  return items.map(quarantineKeys.idOf);
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
    Key: quarantineKeys.item(quarantineId),
    UpdateExpression: 'SET checks.#slot = :true, lastTemperature = :t, lastReportAt = :at',
    ConditionExpression: 'attribute_exists(pk) AND checks.#d = :date',
    ExpressionAttributeNames: { '#slot': slot, '#d': 'date' },
    ExpressionAttributeValues: { ...common, ':true': true },
  });
  const startDay = new UpdateCommand({
    TableName: tableName(),
    Key: quarantineKeys.item(quarantineId),
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

/** Ids of the active quarantines under a scope (4 digits or more), from the city's keys-only list. */
export async function listActiveIdsUnder(scope: string): Promise<string[]> {
  const ids: string[] = [];
  let startKey: Record<string, unknown> | undefined;
  do {
    const out = await db().send(
      new QueryCommand({
        TableName: tableName(),
        IndexName: 'gsi2',
        KeyConditionExpression: 'gsi2pk = :pk AND begins_with(gsi2sk, :scope)',
        ExpressionAttributeValues: {
          ':pk': quarantineKeys.activeOfCity(cityOf(scope)),
          ':scope': scope,
        },
        ExclusiveStartKey: startKey,
      }),
    );
    ids.push(...(out.Items ?? []).map(quarantineKeys.idOf));
    startKey = out.LastEvaluatedKey;
  } while (startKey);
  return ids;
}
