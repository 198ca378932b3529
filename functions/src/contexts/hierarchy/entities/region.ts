/**
 * The region tree: one item per child region under its parent (`REGION#<parent>`, `CHILD#<code>`),
 * down to the grids (the last level), so a drill-down is one query per level.
 */
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { parentOf } from '@grid/shared';
import * as z from 'zod';
import { batchGet } from '../../../lib/dynamo/batch';
import { db, tableName } from '../../../lib/dynamo/client';
import { parseItems, parseOptionalItem } from '../../../lib/dynamo/parse-item';
import { queryAll } from '../../../lib/dynamo/query';

export const regionItemSchema = z.lazy(() =>
  z.object({
    type: z.literal('REGION'),
    code: z.string(),
    name: z.string(),
    level: z.string(),
    parentCode: z.string(),
    /** Grids only: basic or dedicated. */
    kind: z.string().optional(),
  }),
);
/** What a region item holds besides its type tag (what the region data and the imports carry). */
export type RegionItem = Omit<z.infer<typeof regionItemSchema>, 'type'>;

export const regionKeys = {
  item: (parentCode: string, code: string) => ({ pk: `REGION#${parentCode}`, sk: `CHILD#${code}` }),
  /** The partition of a region's children and their sort-key prefix. */
  children: (parentCode: string) => ({ pk: `REGION#${parentCode}`, skPrefix: 'CHILD#' }),
};

/** A region by its code (its parent is derived from the code); undefined when not imported. */
export async function getRegion(code: string): Promise<RegionItem | undefined> {
  const parent = parentOf(code);
  if (parent === null) return undefined;
  const out = await db().send(new GetCommand({ TableName: tableName(), Key: regionKeys.item(parent, code) }));
  return parseOptionalItem(regionItemSchema, out.Item);
}

/** Regions by code (order not kept; the root and unknown codes left out): one BatchGet. */
export async function getRegions(codes: readonly string[]): Promise<RegionItem[]> {
  const withParent = codes.flatMap((code) => {
    const parent = parentOf(code);
    return parent ? [regionKeys.item(parent, code)] : [];
  });
  return parseItems(regionItemSchema, await batchGet<Record<string, unknown>>(withParent));
}

/** The direct children of a region (districts of a city, streets of a district…, grids of a community). */
export async function listChildRegions(parentCode: string): Promise<RegionItem[]> {
  const { pk, skPrefix } = regionKeys.children(parentCode);
  const items = await queryAll({
    KeyConditionExpression: 'pk = :pk AND begins_with(sk, :child)',
    ExpressionAttributeValues: { ':pk': pk, ':child': skPrefix },
  });
  return parseItems(regionItemSchema, items);
}

/** The region's item, for a batch write. */
export function regionItem(region: RegionItem) {
  return { ...regionKeys.item(region.parentCode, region.code), type: 'REGION', ...region };
}

export function regionPutRequest(region: RegionItem) {
  return { PutRequest: { Item: regionItem(region) } };
}
