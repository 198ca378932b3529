import { addDays, localDate } from '@grid/shared';
import { now } from '../../../lib/clock';
import { backgroundHandler } from '../../../lib/middleware/background-handler';
import { logger } from '../../../lib/middleware/logger';
import { reconcileStatsDay } from '../use-cases/stats';

/** Recounts yesterday (Asia/Shanghai): the day is complete when this runs after midnight. */
export const handler = backgroundHandler(async () => {
  const result = await reconcileStatsDay(addDays(localDate(now()), -1));
  logger.info('day stats reconciled', result);
  return result;
});
