import { now } from '../../clock';
import { config } from '../../config';
import { logger } from '../../middleware/logger';
import { detectMissedChecks } from '../../use-cases/checks';

export async function handler() {
  config();
  const result = await detectMissedChecks(now());
  logger.info('detectMissedChecks done', result);
  return result;
}
