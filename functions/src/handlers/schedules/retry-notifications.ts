import { now } from '../../clock';
import { config } from '../../config';
import { logger } from '../../middleware/logger';
import { retryPendingNotifications } from '../../use-cases/notify';

export async function handler() {
  config();
  const result = await retryPendingNotifications(now());
  logger.info('retryNotifications done', { ...result });
  return result;
}
