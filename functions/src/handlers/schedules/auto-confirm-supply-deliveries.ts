/** Schedule: confirms deliveries a household left unconfirmed for 24 hours. */
import { now } from '../../clock';
import { config } from '../../config';
import { logger } from '../../middleware/logger';
import { autoConfirmDeliveries } from '../../use-cases/supply-requests';

export async function handler(): Promise<{ confirmed: number; lost: number }> {
  config();
  const result = await autoConfirmDeliveries(now());
  logger.info('supply deliveries auto-confirmed', result);
  return result;
}
