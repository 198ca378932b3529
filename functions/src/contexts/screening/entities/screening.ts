/** Door visits to households (入户排查) and places (shops, workplaces) with their screenings. */
import { GetCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import type { VisitOutcome } from '@grid/shared';
import { db, tableName } from '../../../lib/dynamo/client';
import { keys } from '../../../lib/dynamo/keys';
import { queryAll } from '../../../lib/dynamo/query-all';

export interface VisitItem {
  visitId: string;
  householdId: string;
  gridCode: string;
  date: string;
  outcome: VisitOutcome;
  note: string | null;
  personIdsSeen: string[];
  visitedBy: string;
  visitedAt: string;
  idempotencyKey: string;
  requestHash: string;
}

export interface ScreenedDayItem {
  householdId: string;
  address: string;
  gridCode: string;
  date: string;
  outcome: VisitOutcome;
  visitedAt: string;
  visitedBy: string;
  visits: number;
}

/**
 * The visit (conditional on its key, so a retry writes nothing) and the household's day marker
 * (latest outcome, visit count) in one transaction. Item 0 is the visit.
 */
export async function putVisit(visit: VisitItem, address: string): Promise<void> {
  await db().send(
    new TransactWriteCommand({
      TransactItems: [
        {
          Put: {
            TableName: tableName(),
            Item: {
              ...keys.visit(visit.householdId, visit.date, visit.idempotencyKey),
              type: 'VISIT',
              ...visit,
            },
            ConditionExpression: 'attribute_not_exists(pk)',
          },
        },
        {
          Update: {
            TableName: tableName(),
            Key: keys.screenedDay(visit.householdId, visit.date),
            UpdateExpression:
              'SET #type = :type, householdId = :h, address = :a, gridCode = :g, #date = :d, outcome = :o, visitedAt = :at, visitedBy = :by, gsi1pk = :gpk, gsi1sk = :h ADD visits :one',
            ExpressionAttributeNames: { '#type': 'type', '#date': 'date' },
            ExpressionAttributeValues: {
              ':type': 'SCREENED_DAY',
              ':h': visit.householdId,
              ':a': address,
              ':g': visit.gridCode,
              ':d': visit.date,
              ':o': visit.outcome,
              ':at': visit.visitedAt,
              ':by': visit.visitedBy,
              ':gpk': keys.screenedInGrid(visit.gridCode, visit.date),
              ':one': 1,
            },
          },
        },
      ],
    }),
  );
}

export async function getVisit(
  householdId: string,
  date: string,
  key: string,
): Promise<VisitItem | undefined> {
  const out = await db().send(
    new GetCommand({ TableName: tableName(), Key: keys.visit(householdId, date, key), ConsistentRead: true }),
  );
  return out.Item as VisitItem | undefined;
}

/** Every household a grid screened on a day (one gsi1 partition; a grid has hundreds at most). */
export async function listScreenedDay(gridCode: string, date: string): Promise<ScreenedDayItem[]> {
  return queryAll<ScreenedDayItem>({
    IndexName: 'gsi1',
    KeyConditionExpression: 'gsi1pk = :pk',
    ExpressionAttributeValues: { ':pk': keys.screenedInGrid(gridCode, date) },
  });
}

export interface PlaceItem {
  placeId: string;
  gridCode: string;
  gridKind: 'basic' | 'dedicated';
  name: string;
  kind: 'shop' | 'workplace' | 'school' | 'market' | 'other';
  address: string;
  staffCount: number;
  createdAt: string;
  createdBy: string;
  lastScreening: PlaceScreeningItem | null;
}

export interface PlaceScreeningItem {
  placeId: string;
  date: string;
  staffPresent: number;
  staffScreened: number;
  abnormal: number;
  note: string | null;
  screenedBy: string;
  screenedAt: string;
  idempotencyKey: string;
  requestHash: string;
}

export async function putPlace(place: PlaceItem): Promise<void> {
  await db().send(
    new TransactWriteCommand({
      TransactItems: [
        {
          Put: {
            TableName: tableName(),
            Item: {
              ...keys.place(place.placeId),
              type: 'PLACE',
              ...place,
              gsi1pk: keys.placesOfGrid(place.gridCode),
              gsi1sk: place.placeId,
            },
            ConditionExpression: 'attribute_not_exists(pk)',
          },
        },
      ],
    }),
  );
}

export async function getPlace(placeId: string): Promise<PlaceItem | undefined> {
  const out = await db().send(new GetCommand({ TableName: tableName(), Key: keys.place(placeId) }));
  return out.Item as PlaceItem | undefined;
}

export async function listPlaces(gridCode: string): Promise<PlaceItem[]> {
  return queryAll<PlaceItem>({
    IndexName: 'gsi1',
    KeyConditionExpression: 'gsi1pk = :pk',
    ExpressionAttributeValues: { ':pk': keys.placesOfGrid(gridCode) },
  });
}

/** The screening (conditional on its key) and the place's last screening, in one transaction. */
export async function putPlaceScreening(s: PlaceScreeningItem): Promise<void> {
  await db().send(
    new TransactWriteCommand({
      TransactItems: [
        {
          Put: {
            TableName: tableName(),
            Item: {
              ...keys.placeScreening(s.placeId, s.date, s.idempotencyKey),
              type: 'PLACE_SCREENING',
              ...s,
            },
            ConditionExpression: 'attribute_not_exists(pk)',
          },
        },
        {
          Update: {
            TableName: tableName(),
            Key: keys.place(s.placeId),
            UpdateExpression: 'SET lastScreening = :s',
            ConditionExpression: 'attribute_exists(pk)',
            ExpressionAttributeValues: { ':s': s },
          },
        },
      ],
    }),
  );
}

export async function getPlaceScreening(
  placeId: string,
  date: string,
  key: string,
): Promise<PlaceScreeningItem | undefined> {
  const out = await db().send(
    new GetCommand({
      TableName: tableName(),
      Key: keys.placeScreening(placeId, date, key),
      ConsistentRead: true,
    }),
  );
  return out.Item as PlaceScreeningItem | undefined;
}
