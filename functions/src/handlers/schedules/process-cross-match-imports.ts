/**
 * Schedule: parses stored uploads and processes the next chunks of each import (resumable); expires
 * uploads in parts left unstarted for a day (one index query when there are none).
 */
import { now } from '../../clock';
import { config } from '../../config';
import { logger } from '../../middleware/logger';
import { processImports } from '../../use-cases/cross-match';
import { expireUploads } from '../../use-cases/cross-match-expiry';

export async function handler(): Promise<{
  imports: number;
  chunks: number;
  parsed: number;
  expired: number;
}> {
  config();
  const at = now();
  const result = { ...(await processImports(at)), ...(await expireUploads(at)) };
  logger.info('cross-match imports processed', result);
  return result;
}
