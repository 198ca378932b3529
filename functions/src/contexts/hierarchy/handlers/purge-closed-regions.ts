import { now } from '../../../lib/clock';
import { backgroundHandler } from '../../../lib/middleware/background-handler';
import { logger } from '../../../lib/middleware/logger';
import { markClosedRegions } from '../../privacy/use-cases/retention';

export const handler = backgroundHandler(async () => {
  const result = await markClosedRegions(now());
  logger.info('markClosedRegions done', result);
  return result;
});
