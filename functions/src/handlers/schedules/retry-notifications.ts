import { now } from '../../clock';
import { backgroundHandler } from '../../middleware/background-handler';
import { logger } from '../../middleware/logger';
import { retryPendingNotifications } from '../../use-cases/notify';

export const handler = backgroundHandler(async () => {
  const result = await retryPendingNotifications(now());
  logger.info('retryNotifications done', { ...result });
  return result;
});
