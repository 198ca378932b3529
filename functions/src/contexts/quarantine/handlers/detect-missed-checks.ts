import { now } from '../../../lib/clock';
import { backgroundHandler } from '../../../lib/middleware/background-handler';
import { logger } from '../../../lib/middleware/logger';
import { detectMissedChecks } from '../use-cases/checks';

export const handler = backgroundHandler(async () => {
  const result = await detectMissedChecks(now());
  logger.info('detectMissedChecks done', result);
  return result;
});
