import { now } from '../../clock';
import { config } from '../../config';
import { logger } from '../../middleware/logger';
import { escalateAlerts } from '../../use-cases/alerts';

export async function handler() {
  config();
  const result = await escalateAlerts(now());
  logger.info('escalateAlerts done', result);
  return result;
}
