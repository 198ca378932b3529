/** The grid registry and each grid's pending counters. */
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { GetCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { db, tableName } from '../../../lib/dynamo/client';
import { keys } from '../../../lib/dynamo/keys';
import { queryAll } from '../../../lib/dynamo/query-all';

export interface GridItem {
  gridCode: string;
  name: string;
  kind: 'basic' | 'dedicated';
  villageCode: string;
  createdAt: string;
  /** Names of what the grid covers (estates, buildings, streets): rows naming one route to it. */
  covers?: string[];
}

export interface RegionItem {
  code: string;
  name: string;
  level: string;
  parentCode: string;
}

export async function getGrid(gridCode: string): Promise<GridItem | undefined> {
  const out = await db().send(new GetCommand({ TableName: tableName(), Key: keys.grid(gridCode) }));
  return out.Item as GridItem | undefined;
}

export function gridPutRequest(grid: GridItem) {
  return {
    PutRequest: {
      Item: {
        ...keys.grid(grid.gridCode),
        type: 'GRID',
        ...grid,
        gsi1pk: keys.gridsOfCity(grid.gridCode.slice(0, 4)),
        gsi1sk: grid.gridCode,
      },
    },
  };
}

export function regionPutRequest(region: RegionItem) {
  return {
    PutRequest: { Item: { ...keys.region(region.parentCode, region.code), type: 'REGION', ...region } },
  };
}

export { batchWrite } from '../../../lib/dynamo/batch';

export async function listGridCodesOfCity(cityCode: string): Promise<string[]> {
  return (await listGridsOfCity(cityCode)).map((i) => i.gridCode);
}

/** Every grid of a city with what it covers (one gsi1 query): read per import chunk, never cached. */
export function listGridsOfCity(cityCode: string): Promise<GridItem[]> {
  return queryAll<GridItem>({
    IndexName: 'gsi1',
    KeyConditionExpression: 'gsi1pk = :pk',
    ExpressionAttributeValues: { ':pk': keys.gridsOfCity(cityCode) },
  });
}

/** Replaces what a grid covers; false when there is no such grid. */
export async function setGridCovers(gridCode: string, covers: string[]): Promise<GridItem | undefined> {
  try {
    const out = await db().send(
      new UpdateCommand({
        TableName: tableName(),
        Key: keys.grid(gridCode),
        UpdateExpression: 'SET covers = :c',
        ConditionExpression: 'attribute_exists(pk)',
        ExpressionAttributeValues: { ':c': covers },
        ReturnValues: 'ALL_NEW',
      }),
    );
    return out.Attributes as GridItem | undefined;
  } catch (err) {
    if (err instanceof ConditionalCheckFailedException) return undefined;
    throw err;
  }
}

/** The direct children of a region (districts of a city, streets of a district…, grids of a community). */
export function listChildRegions(parentCode: string): Promise<RegionItem[]> {
  return queryAll<RegionItem>({
    KeyConditionExpression: 'pk = :pk AND begins_with(sk, :child)',
    ExpressionAttributeValues: { ':pk': `REGION#${parentCode}`, ':child': 'CHILD#' },
  });
}
