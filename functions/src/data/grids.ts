/** The grid registry and each grid's pending counters. */
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { db, tableName } from './client';
import { keys } from './keys';
import { queryAll } from './query-all';

export interface GridItem {
  gridCode: string;
  name: string;
  kind: 'basic' | 'dedicated';
  villageCode: string;
  createdAt: string;
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

export { batchWrite } from './batch';

export async function listGridCodesOfCity(cityCode: string): Promise<string[]> {
  const items = await queryAll<GridItem>({
    IndexName: 'gsi1',
    KeyConditionExpression: 'gsi1pk = :pk',
    ExpressionAttributeValues: { ':pk': keys.gridsOfCity(cityCode) },
  });
  return items.map((i) => i.gridCode);
}

/** The direct children of a region (districts of a city, streets of a district…, grids of a community). */
export function listChildRegions(parentCode: string): Promise<RegionItem[]> {
  return queryAll<RegionItem>({
    KeyConditionExpression: 'pk = :pk AND begins_with(sk, :child)',
    ExpressionAttributeValues: { ':pk': `REGION#${parentCode}`, ':child': 'CHILD#' },
  });
}
