import { now } from '../../clock';
import { config } from '../../config';
import { logger } from '../../middleware/logger';
import { resealPersonalData } from '../../use-cases/reseal';

/** Left for the last page and the final state write before Lambda's timeout. */
const SAFETY_MS = 60_000;
/** The local runtime passes no context: a run there gets this long. */
const LOCAL_BUDGET_MS = 5 * 60_000;

/** Moves stored sealed values to the current data key; logs the key id and counts, never a value. */
export async function handler(_event?: unknown, context?: { getRemainingTimeInMillis(): number }) {
  config();
  const budget = context ? context.getRemainingTimeInMillis() - SAFETY_MS : LOCAL_BUDGET_MS;
  const result = await resealPersonalData(now(), { deadline: Date.now() + Math.max(0, budget) });
  if (result.unreadable > 0)
    logger.warn('data key reseal met values no key of the ring opens', { unreadable: result.unreadable });
  logger.info('data key reseal', { ...result });
  return result;
}
