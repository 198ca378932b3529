import { config } from '../../config';
import { logger } from '../../middleware/logger';
import { reconcileStats } from '../../use-cases/stats';

export async function handler() {
  config();
  const result = await reconcileStats();
  logger.info('stats reconciled', result);
  return result;
}
