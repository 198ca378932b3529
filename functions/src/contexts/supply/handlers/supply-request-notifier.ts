/**
 * Stream consumer: tells a household of changes to its supply requests (accepted, delivered,
 * rejected, auto-confirmed). Off the request path, so a slow WeChat never slows an accept. Each
 * transition is claimed before sending, so a redelivered record sends nothing twice; on an
 * unexpected error the claim is released and the batch resumes from that record.
 */
import { now } from '../../../lib/clock';
import { logger } from '../../../lib/middleware/logger';
import { consumeEach, type StreamChange } from '../../../lib/streams/dispatcher';
import { notifySupplyTransition } from '../use-cases/supply-requests';

export async function consume(changes: StreamChange[]): Promise<string[]> {
  const outcomes: Record<string, number> = {};
  const failed = await consumeEach(
    changes,
    async (change) => {
      if (change.type !== 'SUPPLY_REQUEST' || change.eventName !== 'MODIFY') return;
      const { oldItem, newItem } = change;
      if (!oldItem || !newItem || oldItem.status === newItem.status) return;
      const outcome = await notifySupplyTransition(oldItem, newItem, now());
      outcomes[outcome] = (outcomes[outcome] ?? 0) + 1;
    },
    'supply notice failed',
  );
  logger.info('supply notices', { changes: changes.length, ...outcomes });
  return failed;
}
