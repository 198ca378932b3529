import { now } from '../../clock';
import { config } from '../../config';
import { logger } from '../../middleware/logger';
import { markClosedRegions } from '../../use-cases/retention';

export async function handler() {
  config();
  const result = await markClosedRegions(now());
  logger.info('markClosedRegions done', result);
  return result;
}
