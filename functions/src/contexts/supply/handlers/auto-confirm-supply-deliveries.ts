/** Schedule: confirms deliveries a household left unconfirmed for 24 hours. */
import { now } from '../../../lib/clock';
import { backgroundHandler } from '../../../lib/middleware/background-handler';
import { logger } from '../../../lib/middleware/logger';
import { autoConfirmDeliveries } from '../use-cases/supply-requests';

export const handler = backgroundHandler(async (): Promise<{ confirmed: number; lost: number }> => {
  const result = await autoConfirmDeliveries(now());
  logger.info('supply deliveries auto-confirmed', result);
  return result;
});
