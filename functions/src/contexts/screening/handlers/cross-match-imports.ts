/**
 * Stream consumer: chains the processing of cross-match imports. Every step (upload started, parse,
 * chunk checkpoint) writes the import item; its change lands here and the next steps run at once,
 * for up to CHAIN_BUDGET_MS. Steps are idempotent (conditional rows, conditional checkpoint), so a
 * redelivered batch repeats nothing.
 */
import { now } from '../../../lib/clock';
import { logger } from '../../../lib/middleware/logger';
import type { StreamChange } from '../../../lib/streams/dispatcher';
import { continueImports } from '../use-cases/cross-match-process';

export async function consume(changes: StreamChange[]): Promise<string[]> {
  const relevant = changes.flatMap((change) => {
    if (change.type !== 'XM_IMPORT' || !change.newItem) return [];
    const { status, importId } = change.newItem;
    return status === 'received' || status === 'processing' ? [{ importId, sequence: change.sequence }] : [];
  });
  if (relevant.length === 0) return [];
  try {
    const result = await continueImports(
      relevant.map((r) => r.importId),
      now,
    );
    logger.info('cross-match imports continued', {
      imports: new Set(relevant.map((r) => r.importId)).size,
      ...result,
    });
    return [];
  } catch (err) {
    logger.error('cross-match import step failed', { error: err as Error });
    // Retried from the first change naming an import: the steps already taken are not repeated.
    return [relevant[0]?.sequence ?? ''];
  }
}
