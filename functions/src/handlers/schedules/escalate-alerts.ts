import { now } from '../../clock';
import { backgroundHandler } from '../../middleware/background-handler';
import { logger } from '../../middleware/logger';
import { escalateAlerts } from '../../use-cases/alerts';

export const handler = backgroundHandler(async () => {
  const result = await escalateAlerts(now());
  logger.info('escalateAlerts done', result);
  return result;
});
