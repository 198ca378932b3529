import { now } from '../../../lib/clock';
import { backgroundHandler } from '../../../lib/middleware/background-handler';
import { logger } from '../../../lib/middleware/logger';
import { escalateAlerts } from '../use-cases/alerts';

export const handler = backgroundHandler(async () => {
  const result = await escalateAlerts(now());
  logger.info('escalateAlerts done', result);
  return result;
});
