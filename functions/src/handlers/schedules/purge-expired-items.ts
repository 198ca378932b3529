import { now } from '../../clock';
import { config } from '../../config';
import { logger } from '../../middleware/logger';
import { purgeExpiredItems } from '../../use-cases/retention';

/** Local runtime only (manifest `localOnly`): in AWS the table's TTL deletes expired items. */
export async function handler() {
  config();
  const result = await purgeExpiredItems(now());
  logger.info('purgeExpiredItems done', result);
  return result;
}
