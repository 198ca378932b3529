import { ScanCommand } from '@aws-sdk/lib-dynamodb';
import { db, tableName } from './client';

/**
 * Reads every item of the given types with a parallel scan. Only for off-peak jobs (the nightly
 * recount): no request path scans the table.
 */
export async function scanTypes(
  types: readonly string[],
  segments = 4,
): Promise<Array<Record<string, unknown>>> {
  const names = Object.fromEntries(types.map((_, i) => [`:t${i}`, types[i]]));
  const parts = await Promise.all(
    Array.from({ length: segments }, async (_, segment) => {
      const items: Array<Record<string, unknown>> = [];
      let startKey: Record<string, unknown> | undefined;
      do {
        const out = await db().send(
          new ScanCommand({
            TableName: tableName(),
            Segment: segment,
            TotalSegments: segments,
            FilterExpression: `#type IN (${Object.keys(names).join(', ')})`,
            ExpressionAttributeNames: { '#type': 'type' },
            ExpressionAttributeValues: names,
            ExclusiveStartKey: startKey,
          }),
        );
        items.push(...(out.Items ?? []));
        startKey = out.LastEvaluatedKey;
      } while (startKey);
      return items;
    }),
  );
  return parts.flat();
}
