/**
 * The grid registry: one item per grid (`GRID#<code>`), listed in its city's gsi1 partition by code,
 * so the jobs walk a city's grids and a scope's grids (a code prefix) in one query. A grid is also
 * its village's last-level child in the region tree (region.ts).
 */
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { GetCommand, TransactWriteCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { cityOf, type DedicatedKind, dedicatedKindSchema } from '@grid/shared';
import * as z from 'zod';
import { db, tableName } from '../../../lib/dynamo/client';
import { parseItems, parseOptionalItem } from '../../../lib/dynamo/parse-item';
import { queryAll } from '../../../lib/dynamo/query';
import { failedConditions } from '../../../lib/dynamo/transactions';
import { type RegionItem, regionItem } from './region';

export const gridItemSchema = z.lazy(() =>
  z.object({
    type: z.literal('GRID'),
    gridCode: z.string(),
    name: z.string(),
    kind: z.enum(['basic', 'dedicated']),
    /** Dedicated grids only (absent on grids written before it existed, and on seeded grids). */
    dedicatedKind: dedicatedKindSchema.nullable().optional(),
    villageCode: z.string(),
    createdAt: z.string(),
    /** Names of what the grid covers (estates, buildings, streets): rows naming one route to it. */
    covers: z.array(z.string()).optional(),
  }),
);
/** What a grid item holds besides its type tag. */
export type GridItem = Omit<z.infer<typeof gridItemSchema>, 'type'>;

export interface GridRecord extends GridItem {
  dedicatedKind: DedicatedKind | null;
}

export const gridKeys = {
  item: (gridCode: string) => ({ pk: `GRID#${gridCode}`, sk: 'GRID' }),
  /** gsi1 partition listing a city's grids, for jobs that walk them. */
  ofCity: (cityCode: string) => `GRIDS#${cityCode}`,
};

export async function getGrid(gridCode: string): Promise<GridItem | undefined> {
  const out = await db().send(new GetCommand({ TableName: tableName(), Key: gridKeys.item(gridCode) }));
  return parseOptionalItem(gridItemSchema, out.Item);
}

export function gridPutRequest(grid: GridItem) {
  return {
    PutRequest: {
      Item: {
        ...gridKeys.item(grid.gridCode),
        type: 'GRID',
        ...grid,
        gsi1pk: gridKeys.ofCity(cityOf(grid.gridCode)),
        gsi1sk: grid.gridCode,
      },
    },
  };
}

/** Creates a grid and its region child item together; false when the grid code is taken. */
export async function createGrid(grid: GridRecord): Promise<boolean> {
  const gridPut = gridPutRequest(grid).PutRequest;
  const child: RegionItem = {
    code: grid.gridCode,
    name: grid.name,
    level: 'grid',
    parentCode: grid.villageCode,
  };
  try {
    await db().send(
      new TransactWriteCommand({
        TransactItems: [
          {
            Put: {
              TableName: tableName(),
              Item: gridPut.Item,
              ConditionExpression: 'attribute_not_exists(pk)',
            },
          },
          { Put: { TableName: tableName(), Item: { ...regionItem(child), kind: grid.kind } } },
        ],
      }),
    );
    return true;
  } catch (err) {
    if (failedConditions(err)?.[0]) return false;
    throw err;
  }
}

export async function listGridCodesOfCity(cityCode: string): Promise<string[]> {
  return (await listGridsOfCity(cityCode)).map((i) => i.gridCode);
}

/** Every grid of a city with what it covers (one gsi1 query): read per import chunk, never cached. */
export async function listGridsOfCity(cityCode: string): Promise<GridItem[]> {
  const items = await queryAll({
    IndexName: 'gsi1',
    KeyConditionExpression: 'gsi1pk = :pk',
    ExpressionAttributeValues: { ':pk': gridKeys.ofCity(cityCode) },
  });
  return parseItems(gridItemSchema, items);
}

/** Every grid whose code starts with the scope (4 digits or more), from the city's grid list. */
export async function listGridsUnder(scope: string): Promise<GridRecord[]> {
  const items = await queryAll({
    IndexName: 'gsi1',
    KeyConditionExpression: 'gsi1pk = :pk AND begins_with(gsi1sk, :scope)',
    ExpressionAttributeValues: { ':pk': gridKeys.ofCity(cityOf(scope)), ':scope': scope },
  });
  return parseItems(gridItemSchema, items).map((g) => ({ ...g, dedicatedKind: g.dedicatedKind ?? null }));
}

/** Replaces what a grid covers; undefined when there is no such grid. */
export async function setGridCovers(gridCode: string, covers: string[]): Promise<GridRecord | undefined> {
  try {
    const out = await db().send(
      new UpdateCommand({
        TableName: tableName(),
        Key: gridKeys.item(gridCode),
        UpdateExpression: 'SET covers = :c',
        ConditionExpression: 'attribute_exists(pk)',
        ExpressionAttributeValues: { ':c': covers },
        ReturnValues: 'ALL_NEW',
      }),
    );
    const grid = parseOptionalItem(gridItemSchema, out.Attributes);
    return grid && { ...grid, dedicatedKind: grid.dedicatedKind ?? null };
  } catch (err) {
    if (err instanceof ConditionalCheckFailedException) return undefined;
    throw err;
  }
}
