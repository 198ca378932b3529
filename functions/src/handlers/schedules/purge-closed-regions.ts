import { now } from '../../clock';
import { backgroundHandler } from '../../middleware/background-handler';
import { logger } from '../../middleware/logger';
import { markClosedRegions } from '../../use-cases/retention';

export const handler = backgroundHandler(async () => {
  const result = await markClosedRegions(now());
  logger.info('markClosedRegions done', result);
  return result;
});
