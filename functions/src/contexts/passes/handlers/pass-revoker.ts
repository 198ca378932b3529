/**
 * Stream consumer: revokes a person's pass at once when a fever is reported, a fever or missed-check
 * alert is raised, or a home quarantine is placed; keeps the person's open alerts for the colour.
 */
import * as z from 'zod';
import { now } from '../../../lib/clock';
import { logger } from '../../../lib/middleware/logger';
import { consumeEach, type StreamChange } from '../../../lib/streams/dispatcher';
import { applyPassEvent, type PassEvent } from '../use-cases/revoke';

const withPerson = z.looseObject({ personId: z.string() });

function eventOf(change: StreamChange): PassEvent | null {
  const item = change.newItem;
  if (!item) return null;
  switch (change.type) {
    case 'HEALTH_REPORT':
    case 'FOLLOW_UP':
      return change.eventName === 'INSERT' && change.newItem?.fever
        ? { kind: 'fever-report', personId: change.newItem.personId }
        : null;
    case 'ALERT': {
      const alert = change.newItem;
      if (!alert) return null;
      const base = { personId: alert.personId, alertId: alert.alertId, alertKind: alert.kind };
      if (change.eventName === 'INSERT' && alert.status !== 'resolved')
        return { kind: 'alert-opened', ...base };
      if (alert.status === 'resolved' && change.oldItem?.status !== 'resolved')
        return { kind: 'alert-resolved', ...base };
      return null;
    }
    case 'QUARANTINE': {
      const parsed = withPerson.safeParse(change.newItem);
      return change.eventName === 'INSERT' && parsed.success
        ? { kind: 'quarantine-placed', personId: parsed.data.personId }
        : null;
    }
    default:
      return null;
  }
}

export async function consume(changes: StreamChange[]): Promise<string[]> {
  let revoked = 0;
  const failed = await consumeEach(
    changes,
    async (change) => {
      const event = eventOf(change);
      if (event && (await applyPassEvent(event, now()))) revoked++;
    },
    'pass revocation failed',
  );
  logger.info('passes revoked', { changes: changes.length, revoked });
  return failed;
}
