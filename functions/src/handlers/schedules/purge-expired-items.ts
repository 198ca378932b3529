import { now } from '../../clock';
import { backgroundHandler } from '../../middleware/background-handler';
import { logger } from '../../middleware/logger';
import { purgeExpiredItems } from '../../use-cases/retention';

/** Local runtime only (manifest `localOnly`): in AWS the table's TTL deletes expired items. */
export const handler = backgroundHandler(async () => {
  const result = await purgeExpiredItems(now());
  logger.info('purgeExpiredItems done', result);
  return result;
});
