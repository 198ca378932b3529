import { now } from '../../../lib/clock';
import { backgroundHandler } from '../../../lib/middleware/background-handler';
import { logger } from '../../../lib/middleware/logger';
import { retryPendingNotifications } from '../use-cases/notify';

export const handler = backgroundHandler(async () => {
  const result = await retryPendingNotifications(now());
  logger.info('retryNotifications done', { ...result });
  return result;
});
