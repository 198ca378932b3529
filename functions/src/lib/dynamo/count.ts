import { countAll } from './query-all';

/** Counts the items of one gsi1 partition (keys only, no items read back). */
export function countGsi1(partition: string): Promise<number> {
  return countAll({
    IndexName: 'gsi1',
    KeyConditionExpression: 'gsi1pk = :pk',
    ExpressionAttributeValues: { ':pk': partition },
  });
}
