/**
 * Alerts. Each street's alerts share one gsi1 partition, sorted by status then time, so a grid,
 * a street and the counts by status are each one query. Escalation to a district adds the alert
 * to the district's keys-only list (gsi2).
 */
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { GetCommand, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { type Alert, alertSchema, countyOf, townshipOf } from '@grid/shared';
import * as z from 'zod';
import { batchGet } from '../../../lib/dynamo/batch';
import { db, tableName } from '../../../lib/dynamo/client';
import { queryFilledPage } from '../../../lib/dynamo/cursor';
import { parseItems, parseOptionalItem } from '../../../lib/dynamo/parse-item';
import { countAll, queryAll } from '../../../lib/dynamo/query';

export const alertItemSchema = alertSchema.extend({ type: z.literal('ALERT') });
export type AlertItem = z.infer<typeof alertItemSchema>;
type Status = Alert['status'];

export const alertKeys = {
  item: (alertId: string) => ({ pk: `ALERT#${alertId}`, sk: 'ALERT' }),
  /** gsi1 partition of a street's alerts; the sort key starts with the status. */
  ofStreet: (streetCode: string) => `ALERTS#${streetCode}`,
  /** gsi2 partition (keys only) of alerts escalated to a district. */
  escalatedToDistrict: (districtCode: string) => `ALERTESC#${districtCode}`,
  /** Marks that one user was told of one alert. */
  notice: (alertId: string, userId: string) => ({ pk: `ALERT#${alertId}`, sk: `NOTIFIED#${userId}` }),
};

const streetOf = (gridCode: string) => townshipOf(gridCode);
const districtOf = (gridCode: string) => countyOf(gridCode);

function listKey(status: Status, createdAt: string, alertId: string) {
  return `${status}#${createdAt}#${alertId}`;
}

/** Raises an alert unless one with this id exists (ids are derived from what caused them). */
export async function raiseAlert(alert: AlertItem): Promise<boolean> {
  try {
    await db().send(
      new PutCommand({
        TableName: tableName(),
        Item: {
          ...alertKeys.item(alert.alertId),
          ...alert,
          gsi1pk: alertKeys.ofStreet(streetOf(alert.gridCode)),
          gsi1sk: listKey(alert.status, alert.createdAt, alert.alertId),
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

export async function getAlert(alertId: string): Promise<AlertItem | undefined> {
  const out = await db().send(
    new GetCommand({ TableName: tableName(), Key: alertKeys.item(alertId), ConsistentRead: true }),
  );
  return parseOptionalItem(alertItemSchema, out.Item);
}

/** Moves an alert from one status to the next; false when it was not in `from` any more. */
export async function changeAlertStatus(
  alert: Pick<AlertItem, 'alertId' | 'createdAt'>,
  from: Status,
  to: Status,
  fields: Record<string, string>,
): Promise<boolean> {
  const names: Record<string, string> = { '#s': 'status' };
  const values: Record<string, unknown> = {
    ':from': from,
    ':to': to,
    ':sk': listKey(to, alert.createdAt, alert.alertId),
  };
  const sets = ['#s = :to', 'gsi1sk = :sk'];
  for (const [name, value] of Object.entries(fields)) {
    names[`#${name}`] = name;
    values[`:${name}`] = value;
    sets.push(`#${name} = :${name}`);
  }
  try {
    await db().send(
      new UpdateCommand({
        TableName: tableName(),
        Key: alertKeys.item(alert.alertId),
        UpdateExpression: `SET ${sets.join(', ')}`,
        ConditionExpression: '#s = :from',
        ExpressionAttributeNames: names,
        ExpressionAttributeValues: values,
      }),
    );
    return true;
  } catch (err) {
    if (err instanceof ConditionalCheckFailedException) return false;
    throw err;
  }
}

/**
 * A page of a street's alerts in one status, newest first; optionally only one grid's. The grid is a
 * filter on the street's partition, so the read goes on past filtered-out alerts: a page holds
 * items or is the last (data/cursor.ts, queryFilledPage).
 */
export async function listStreetAlerts(
  streetCode: string,
  status: Status,
  limit: number,
  cursor: string | undefined,
  gridCode?: string,
) {
  const partition = alertKeys.ofStreet(streetCode);
  const page = await queryFilledPage<Record<string, unknown>>({
    index: 'gsi1',
    query: { name: 'gsi1pk', value: partition, filter: `status=${status};grid=${gridCode ?? ''}` },
    keyCondition: 'gsi1pk = :pk AND begins_with(gsi1sk, :status)',
    filter: gridCode ? 'gridCode = :grid' : undefined,
    values: { ':pk': partition, ':status': `${status}#`, ...(gridCode ? { ':grid': gridCode } : {}) },
    newestFirst: true,
    limit,
    cursor,
  });
  return { items: parseItems(alertItemSchema, page.items), nextCursor: page.nextCursor };
}

export function countStreetAlerts(streetCode: string, status: Status, gridCode?: string): Promise<number> {
  return countAll({
    IndexName: 'gsi1',
    KeyConditionExpression: 'gsi1pk = :pk AND begins_with(gsi1sk, :status)',
    ...(gridCode ? { FilterExpression: 'gridCode = :grid' } : {}),
    ExpressionAttributeValues: {
      ':pk': alertKeys.ofStreet(streetCode),
      ':status': `${status}#`,
      ...(gridCode ? { ':grid': gridCode } : {}),
    },
  });
}

/** Open alerts of a street raised before `before` (ISO): candidates for escalation. */
export async function listOpenAlertsBefore(streetCode: string, before: string): Promise<AlertItem[]> {
  const items = await queryAll({
    IndexName: 'gsi1',
    KeyConditionExpression: 'gsi1pk = :pk AND gsi1sk BETWEEN :from AND :to',
    ExpressionAttributeValues: {
      ':pk': alertKeys.ofStreet(streetCode),
      ':from': 'open#',
      ':to': `open#${before}`,
    },
  });
  return parseItems(alertItemSchema, items);
}

/** Moves an open alert up one level; false when it was acknowledged or moved meanwhile. */
export async function escalateAlert(
  alert: AlertItem,
  to: 'street' | 'district',
  at: string,
): Promise<boolean> {
  try {
    await db().send(
      new UpdateCommand({
        TableName: tableName(),
        Key: alertKeys.item(alert.alertId),
        UpdateExpression:
          to === 'district'
            ? 'SET #level = :to, escalatedAt = :at, gsi2pk = :esc, gsi2sk = :escsk'
            : 'SET #level = :to, escalatedAt = :at',
        ConditionExpression: '#s = :open AND #level = :from',
        ExpressionAttributeNames: { '#s': 'status', '#level': 'level' },
        ExpressionAttributeValues: {
          ':to': to,
          ':at': at,
          ':open': 'open',
          ':from': alert.level,
          ...(to === 'district'
            ? {
                ':esc': alertKeys.escalatedToDistrict(districtOf(alert.gridCode)),
                ':escsk': `${alert.createdAt}#${alert.alertId}`,
              }
            : {}),
        },
      }),
    );
    return true;
  } catch (err) {
    if (err instanceof ConditionalCheckFailedException) return false;
    throw err;
  }
}

/** Every alert escalated to a district, newest first (a district sees what its streets did not settle). */
export async function listDistrictEscalations(districtCode: string): Promise<AlertItem[]> {
  const ids = (
    await queryAll({
      IndexName: 'gsi2',
      KeyConditionExpression: 'gsi2pk = :pk',
      ExpressionAttributeValues: { ':pk': alertKeys.escalatedToDistrict(districtCode) },
      ScanIndexForward: false,
    })
  ).map((i) => String(i.pk).slice('ALERT#'.length));
  const found = new Map((await getAlerts(ids)).map((a) => [a.alertId, a]));
  return ids.map((id) => found.get(id)).filter((a): a is AlertItem => a !== undefined);
}

/** Alerts by id (order not kept; missing ones left out). */
export async function getAlerts(ids: readonly string[]): Promise<AlertItem[]> {
  return parseItems(
    alertItemSchema,
    await batchGet<Record<string, unknown>>(ids.map((id) => alertKeys.item(id))),
  );
}
