import { now } from '../../../lib/clock';
import { backgroundHandler } from '../../../lib/middleware/background-handler';
import { logger } from '../../../lib/middleware/logger';
import { remindChecks } from '../use-cases/checks';

export const handler = backgroundHandler(async () => {
  const result = await remindChecks(now());
  logger.info('remindChecks done', result);
  return result;
});
