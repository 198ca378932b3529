import { now } from '../../clock';
import { backgroundHandler } from '../../middleware/background-handler';
import { logger } from '../../middleware/logger';
import { remindChecks } from '../../use-cases/checks';

export const handler = backgroundHandler(async () => {
  const result = await remindChecks(now());
  logger.info('remindChecks done', result);
  return result;
});
