/**
 * Stream consumer: a new health report or follow-up marks its quarantine check done, and one at or
 * over the fever threshold (or with a red-flag symptom) raises a FEVER alert, off the request path.
 */

import { logger } from '../../../lib/middleware/logger';
import { consumeEach, type StreamChange } from '../../../lib/streams/dispatcher';
import { recordCheck } from '../entities/quarantine';
import { needsFeverAlert, raiseFever } from '../use-cases/alerts';

export async function consume(changes: StreamChange[]): Promise<string[]> {
  let checks = 0;
  let fevers = 0;
  const failed = await consumeEach(
    changes,
    async (change) => {
      if (change.eventName !== 'INSERT') return;
      if (change.type !== 'HEALTH_REPORT' && change.type !== 'FOLLOW_UP') return;
      const item = change.newItem;
      if (!item) return;
      const at = item.type === 'HEALTH_REPORT' ? item.reportedAt : item.recordedAt;
      if (item.quarantineId) {
        await recordCheck(item.quarantineId, item.date, item.slot, item.temperature, at);
        checks++;
      }
      if (needsFeverAlert(item)) {
        await raiseFever({ ...item, quarantineId: item.quarantineId ?? null, at });
        fevers++;
      }
    },
    'quarantine check failed',
  );
  logger.info('quarantine checks applied', { changes: changes.length, checks, fevers });
  return failed;
}
