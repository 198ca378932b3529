/**
 * Pending counters are recounted, not incremented: a grid touched by a stream batch gets its
 * counts recomputed from the pending index and written once. Redelivered batches and missed
 * events therefore cannot make a counter drift.
 */
import { setPendingCounts } from '../data/grids';
import { countPending } from '../data/submissions';

export async function recountGrid(gridCode: string) {
  const [health, travel] = await Promise.all([
    countPending(gridCode, 'health'),
    countPending(gridCode, 'travel'),
  ]);
  await setPendingCounts(gridCode, { health, travel });
  return { health, travel };
}
