/**
 * Reading a whole partition, or a whole table in the background, through lib-dynamodb's paginators.
 * The three ways the code reads many items:
 * - a page a client asked for, with an opaque cursor: `queryPage` / `queryFilledPage` (cursor.ts);
 * - every item (or the count) of a bounded partition: `queryAll` / `countAll` / `countGsi1` (here);
 * - every item of some types, off-peak only: `parallelScan` / `scanTypes` (here).
 */
import {
  paginateQuery,
  paginateScan,
  type QueryCommandInput,
  type ScanCommandInput,
} from '@aws-sdk/lib-dynamodb';
import { db, tableName } from './client';

type Item = Record<string, unknown>;
export type QueryInput = Omit<QueryCommandInput, 'TableName' | 'ExclusiveStartKey'>;
export type ScanInput = Omit<
  ScanCommandInput,
  'TableName' | 'ExclusiveStartKey' | 'Segment' | 'TotalSegments'
>;

/** Every item a query matches, page after page. For bounded partitions only (a grid, a street). */
export async function queryAll<T = Item>(input: QueryInput): Promise<T[]> {
  const items: T[] = [];
  // The paginator writes its page token into the input it is given: a fresh object per call.
  for await (const page of paginateQuery({ client: db() }, { ...input, TableName: tableName() })) {
    items.push(...((page.Items ?? []) as T[]));
  }
  return items;
}

/** How many items a query matches, without reading them back. */
export async function countAll(input: QueryInput): Promise<number> {
  let count = 0;
  for await (const page of paginateQuery(
    { client: db() },
    { ...input, TableName: tableName(), Select: 'COUNT' },
  )) {
    count += page.Count ?? 0;
  }
  return count;
}

/** Counts the items of one gsi1 partition (keys only, no items read back). */
export function countGsi1(partition: string): Promise<number> {
  return countAll({
    IndexName: 'gsi1',
    KeyConditionExpression: 'gsi1pk = :pk',
    ExpressionAttributeValues: { ':pk': partition },
  });
}

/**
 * Every item a scan matches, read in `segments` parallel segments. Only for off-peak jobs (the
 * nightly recount, retention): no request path scans the table.
 */
export async function parallelScan<T = Item>(input: ScanInput, segments = 4): Promise<T[]> {
  const parts = await Promise.all(
    Array.from({ length: segments }, async (_, segment) => {
      const items: T[] = [];
      const segmentInput = { ...input, TableName: tableName(), Segment: segment, TotalSegments: segments };
      for await (const page of paginateScan({ client: db() }, segmentInput)) {
        items.push(...((page.Items ?? []) as T[]));
      }
      return items;
    }),
  );
  return parts.flat();
}

/** Every item of the given types (a parallel scan; see parallelScan). */
export function scanTypes(types: readonly string[], segments = 4): Promise<Item[]> {
  const names = Object.fromEntries(types.map((_, i) => [`:t${i}`, types[i]]));
  return parallelScan(
    {
      FilterExpression: `#type IN (${Object.keys(names).join(', ')})`,
      ExpressionAttributeNames: { '#type': 'type' },
      ExpressionAttributeValues: names,
    },
    segments,
  );
}
