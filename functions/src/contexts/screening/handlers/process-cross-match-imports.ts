/**
 * Schedule: parses stored uploads and processes the next chunks of each import (resumable); expires
 * uploads in parts left unstarted for a day (one index query when there are none).
 */
import { now } from '../../../lib/clock';
import { backgroundHandler } from '../../../lib/middleware/background-handler';
import { logger } from '../../../lib/middleware/logger';
import { expireUploads } from '../use-cases/cross-match-expiry';
import { processImports } from '../use-cases/cross-match-process';

export const handler = backgroundHandler(
  async (): Promise<{
    imports: number;
    chunks: number;
    parsed: number;
    expired: number;
  }> => {
    const at = now();
    const result = { ...(await processImports(at)), ...(await expireUploads(at)) };
    logger.info('cross-match imports processed', result);
    return result;
  },
);
