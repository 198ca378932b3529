import type { Context } from 'aws-lambda';
import { now } from '../../../lib/clock';
import { backgroundHandler } from '../../../lib/middleware/background-handler';
import { logger } from '../../../lib/middleware/logger';
import { resealPersonalData } from '../use-cases/reseal';

/** Left for the last page and the final state write before Lambda's timeout. */
const SAFETY_MS = 60_000;

/** Moves stored sealed values to the current data key; logs the key id and counts, never a value. */
export const handler = backgroundHandler(async (_event: unknown, context: Context) => {
  const budget = context.getRemainingTimeInMillis() - SAFETY_MS;
  const result = await resealPersonalData(now(), { deadline: Date.now() + Math.max(0, budget) });
  if (result.unreadable > 0)
    logger.warn('data key reseal met values no key of the ring opens', { unreadable: result.unreadable });
  logger.info('data key reseal', { ...result });
  return result;
});
