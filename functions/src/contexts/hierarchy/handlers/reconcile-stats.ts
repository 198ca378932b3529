import { backgroundHandler } from '../../../lib/middleware/background-handler';
import { logger } from '../../../lib/middleware/logger';
import { reconcileStats } from '../use-cases/stats';

export const handler = backgroundHandler(async () => {
  const result = await reconcileStats();
  logger.info('stats reconciled', result);
  return result;
});
