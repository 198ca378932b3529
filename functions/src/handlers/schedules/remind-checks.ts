import { now } from '../../clock';
import { config } from '../../config';
import { logger } from '../../middleware/logger';
import { remindChecks } from '../../use-cases/checks';

export async function handler() {
  config();
  const result = await remindChecks(now());
  logger.info('remindChecks done', result);
  return result;
}
