import { now } from '../../../lib/clock';
import { backgroundHandler } from '../../../lib/middleware/background-handler';
import { logger } from '../../../lib/middleware/logger';
import { purgeExpiredItems } from '../use-cases/retention';

/** Local runtime only (manifest `localOnly`): in AWS the table's TTL deletes expired items. */
export const handler = backgroundHandler(async () => {
  const result = await purgeExpiredItems(now());
  logger.info('purgeExpiredItems done', result);
  return result;
});
