/** Schedule: recounts every grid of the served cities, repairing counters a lost event left wrong. */
import { config } from '../../config';
import { getPendingCounts, listGridCodesOfCity } from '../../data/grids';
import { logger } from '../../middleware/logger';
import { recountGrid } from '../../use-cases/pending-counts';

export async function handler(): Promise<{ grids: number; repaired: number }> {
  let grids = 0;
  let repaired = 0;
  for (const city of config().SERVICE_CITY_CODES) {
    for (const gridCode of await listGridCodesOfCity(city)) {
      const before = await getPendingCounts(gridCode);
      const after = await recountGrid(gridCode);
      grids++;
      if (before.health !== after.health || before.travel !== after.travel) repaired++;
    }
  }
  logger.info('grid pending counters reconciled', { grids, repaired });
  return { grids, repaired };
}
