/**
 * A registration task is an open import row (import-row.ts): routed to a grid (its task list,
 * gsi1) or queued at a street / district / city centre (its queue, gsi1), and findable by its ID
 * hash (gsi2) so registering that person closes it. Closing or assigning it updates the row and
 * its ledger in one transaction, conditional on the row still being open.
 */

import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { GetCommand, QueryCommand, TransactWriteCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { registrationTaskIds } from '@grid/shared';
import { db, tableName } from '../../../lib/dynamo/client';
import { decodeCursor, encodeCursor } from '../../../lib/dynamo/cursor';
import { parseItem, parseItems, parseOptionalItem } from '../../../lib/dynamo/parse-item';
import { failedConditions } from '../../../lib/dynamo/transactions';
import { importKeys } from './import';
import { type RowItem, rowItemSchema, rowKeys } from './import-row';
import { ledgerUpdate } from './ledger-shard';

export const registrationTaskKeys = {
  /** gsi1 partition of a grid's open registration tasks (routed rows), oldest first. */
  ofGrid: (gridCode: string) => `REGTASKS#${gridCode}`,
  /** gsi1 partition of a street / district / city centre's queue of unroutable rows. */
  queueOfRegion: (regionCode: string) => `REGQUEUE#${regionCode}`,
  /** gsi2 partition of open rows by ID hash: registering that person closes them. */
  openByIdHash: (idHash: string) => `REGIDHASH#${idHash}`,
};

/** A task's id names its row: R.<importId>.<rowNumber> (defined once, in shared: `registrationTaskIds`). */
export const taskIdOf = registrationTaskIds.make;
export const parseTaskId = registrationTaskIds.parse;

/** Open rows sort by their import's age, then file order. */
const openOrder = (row: { importCreatedAt: string; importId: string; rowNumber: number }) =>
  `${row.importCreatedAt}#${row.importId}#${String(row.rowNumber).padStart(7, '0')}`;

/** The index keys of a new open row: its grid's tasks or a centre's queue, and its ID hash. */
export function openRowIndexes(
  row: { importCreatedAt: string; importId: string; rowNumber: number; idHash: string | null },
  to: { grid: string } | { queue: string },
) {
  return {
    gsi1pk:
      'grid' in to ? registrationTaskKeys.ofGrid(to.grid) : registrationTaskKeys.queueOfRegion(to.queue),
    gsi1sk: openOrder(row),
    ...(row.idHash
      ? { gsi2pk: registrationTaskKeys.openByIdHash(row.idHash), gsi2sk: `${row.importId}#${row.rowNumber}` }
      : {}),
  };
}

export async function getRow(importId: string, rowNumber: number): Promise<RowItem | undefined> {
  const out = await db().send(
    new GetCommand({ TableName: tableName(), Key: rowKeys.item(importId, rowNumber), ConsistentRead: true }),
  );
  return parseOptionalItem(rowItemSchema, out.Item);
}

async function listOpenRows(
  partition: string,
  cursor: string | undefined,
  limit: number,
): Promise<{ items: RowItem[]; nextCursor: string | null }> {
  const out = await db().send(
    new QueryCommand({
      TableName: tableName(),
      IndexName: 'gsi1',
      KeyConditionExpression: 'gsi1pk = :pk',
      ExpressionAttributeValues: { ':pk': partition },
      ExclusiveStartKey: decodeCursor(cursor, { name: 'gsi1pk', value: partition }),
      Limit: limit,
    }),
  );
  return {
    items: parseItems(rowItemSchema, out.Items ?? []),
    nextCursor: encodeCursor(out.LastEvaluatedKey, { name: 'gsi1pk', value: partition }),
  };
}

/** A grid's open tasks, oldest first. */
export function listOpenTasksOfGrid(gridCode: string, cursor: string | undefined, limit: number) {
  return listOpenRows(registrationTaskKeys.ofGrid(gridCode), cursor, limit);
}

/** A centre's queue of rows no grid took, oldest first. */
export function listQueueOfRegion(regionCode: string, cursor: string | undefined, limit: number) {
  return listOpenRows(registrationTaskKeys.queueOfRegion(regionCode), cursor, limit);
}

/** Open rows naming this ID hash (gsi2 keys only). */
export async function findOpenRowKeysByIdHash(
  idHash: string,
): Promise<Array<{ importId: string; rowNumber: number }>> {
  const out = await db().send(
    new QueryCommand({
      TableName: tableName(),
      IndexName: 'gsi2',
      KeyConditionExpression: 'gsi2pk = :pk',
      ExpressionAttributeValues: { ':pk': registrationTaskKeys.openByIdHash(idHash) },
    }),
  );
  return (out.Items ?? []).map((i) => ({
    importId: importKeys.importIdOf(i.pk),
    rowNumber: rowKeys.rowNumberOf(i.sk),
  }));
}

/**
 * Closes an open row (task or queue entry) as located, and counts it in the ledger, once: the
 * update is conditional on the row still being open. False when it was closed already.
 */
export async function closeRow(
  row: RowItem,
  located: { personId: string; by: string; at: string; minutes: number },
): Promise<boolean> {
  try {
    await db().send(
      new TransactWriteCommand({
        TransactItems: [
          {
            Update: {
              TableName: tableName(),
              Key: rowKeys.item(row.importId, row.rowNumber),
              UpdateExpression:
                'SET #status = :located, locatedPersonId = :p, locatedBy = :by, locatedAt = :at REMOVE gsi1pk, gsi1sk, gsi2pk, gsi2sk',
              ConditionExpression: '#status = :open',
              ExpressionAttributeNames: { '#status': 'status' },
              ExpressionAttributeValues: {
                ':located': 'located',
                ':open': 'open',
                ':p': located.personId,
                ':by': located.by,
                ':at': located.at,
              },
            },
          },
          ledgerUpdate(row.importId, row.ledgerRegion, { located: 1, locatedMinutes: located.minutes }),
        ],
      }),
    );
    return true;
  } catch (err) {
    if (failedConditions(err)?.[0]) return false;
    throw err;
  }
}

/** A centre hands a queued row to a grid: it becomes that grid's task (still open). */
export async function assignRow(row: RowItem, gridCode: string): Promise<boolean> {
  try {
    await db().send(
      new TransactWriteCommand({
        TransactItems: [
          {
            Update: {
              TableName: tableName(),
              Key: rowKeys.item(row.importId, row.rowNumber),
              UpdateExpression: 'SET outcome = :routed, #route = :route, gsi1pk = :gpk, gsi1sk = :gsk',
              ConditionExpression: '#status = :open AND outcome = :queued',
              ExpressionAttributeNames: { '#status': 'status', '#route': 'route' },
              ExpressionAttributeValues: {
                ':routed': 'routed',
                ':queued': 'queued',
                ':open': 'open',
                ':route': { level: 'grid', code: gridCode, matchedName: null },
                ':gpk': registrationTaskKeys.ofGrid(gridCode),
                ':gsk': openOrder(row),
              },
            },
          },
          ledgerUpdate(row.importId, row.ledgerRegion, { queued: -1, routed: 1 }),
        ],
      }),
    );
    return true;
  } catch (err) {
    if (failedConditions(err)?.[0]) return false;
    throw err;
  }
}

/** Who read a task's phone (kept on the row, appended in the read's own write). */
export interface ContactRead {
  byUserId: string;
  byRole: string;
  at: string;
  requestId: string;
}

/**
 * Appends who read the task's phone, while the task is open, and returns the sealed phone; undefined
 * when the task closed meanwhile.
 */
export async function recordContactRead(
  importId: string,
  rowNumber: number,
  read: ContactRead,
): Promise<{ phoneEnc: string | null } | undefined> {
  try {
    const out = await db().send(
      new UpdateCommand({
        TableName: tableName(),
        Key: rowKeys.item(importId, rowNumber),
        UpdateExpression: 'SET contactReads = list_append(if_not_exists(contactReads, :none), :one)',
        ConditionExpression: '#status = :open',
        ExpressionAttributeNames: { '#status': 'status' },
        ExpressionAttributeValues: { ':none': [], ':one': [read], ':open': 'open' },
        ReturnValues: 'ALL_NEW',
      }),
    );
    return { phoneEnc: parseItem(rowItemSchema, out.Attributes ?? {}).phoneEnc };
  } catch (err) {
    if (err instanceof ConditionalCheckFailedException) return undefined;
    throw err;
  }
}
