/** Schedule: parses stored uploads and processes the next chunks of each import (resumable). */
import { now } from '../../clock';
import { config } from '../../config';
import { logger } from '../../middleware/logger';
import { processImports } from '../../use-cases/cross-match';

export async function handler(): Promise<{ imports: number; chunks: number; parsed: number }> {
  config();
  const result = await processImports(now());
  logger.info('cross-match imports processed', result);
  return result;
}
