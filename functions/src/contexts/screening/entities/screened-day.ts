/**
 * A household counted as screened on one Shanghai day: the latest visit's outcome and the day's
 * visit count, in the household's partition; listed per grid and day through gsi1.
 */
import { visitOutcomeSchema } from '@grid/shared';
import * as z from 'zod';
import { tableName } from '../../../lib/dynamo/client';
import { parseItems } from '../../../lib/dynamo/parse-item';
import { queryAll } from '../../../lib/dynamo/query';
import type { TransactItem } from '../../../lib/idempotency';

export const screenedDayItemSchema = z.lazy(() =>
  z.object({
    type: z.literal('SCREENED_DAY'),
    householdId: z.string(),
    address: z.string(),
    gridCode: z.string(),
    date: z.string(),
    outcome: visitOutcomeSchema,
    visitedAt: z.string(),
    visitedBy: z.string(),
    visits: z.number().int(),
  }),
);
export type ScreenedDayItem = z.infer<typeof screenedDayItemSchema>;

export const screenedDayKeys = {
  item: (householdId: string, date: string) => ({ pk: `HH#${householdId}`, sk: `SCREENED#${date}` }),
  /** gsi1 partition of the households a grid screened on one day. */
  ofGridDay: (gridCode: string, date: string) => `SCREENED#${gridCode}#${date}`,
};

/** The marker's update for one more visit (part of the visit's transaction). */
export function screenedDayUpdate(
  visit: {
    householdId: string;
    gridCode: string;
    date: string;
    outcome: ScreenedDayItem['outcome'];
    visitedAt: string;
    visitedBy: string;
  },
  address: string,
): TransactItem {
  return {
    Update: {
      TableName: tableName(),
      Key: screenedDayKeys.item(visit.householdId, visit.date),
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
        ':gpk': screenedDayKeys.ofGridDay(visit.gridCode, visit.date),
        ':one': 1,
      },
    },
  };
}

/** Every household a grid screened on a day (one gsi1 partition; a grid has hundreds at most). */
export async function listScreenedHouseholdsOfDay(
  gridCode: string,
  date: string,
): Promise<ScreenedDayItem[]> {
  const items = await queryAll<Record<string, unknown>>({
    IndexName: 'gsi1',
    KeyConditionExpression: 'gsi1pk = :pk',
    ExpressionAttributeValues: { ':pk': screenedDayKeys.ofGridDay(gridCode, date) },
  });
  return parseItems(screenedDayItemSchema, items);
}
