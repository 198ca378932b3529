import { now } from '../../clock';
import { backgroundHandler } from '../../middleware/background-handler';
import { logger } from '../../middleware/logger';
import { detectMissedChecks } from '../../use-cases/checks';

export const handler = backgroundHandler(async () => {
  const result = await detectMissedChecks(now());
  logger.info('detectMissedChecks done', result);
  return result;
});
