/**
 * The pass follows the person's state at once: a fever report, a fever or missed-check alert, or a new
 * home quarantine revokes the current pass (the next one is issued in the new colour), and the
 * person's open alerts are kept as the facts the colour is decided from.
 */
import { revokeCurrentPass, setAlertOpen } from '../entities/passes';

export type PassEvent =
  | { kind: 'fever-report'; personId: string }
  | { kind: 'alert-opened'; personId: string; alertId: string; alertKind: 'FEVER' | 'MISSED_CHECK' }
  | { kind: 'alert-resolved'; personId: string; alertId: string; alertKind: 'FEVER' | 'MISSED_CHECK' }
  | { kind: 'quarantine-placed'; personId: string };

/** Applies one event; idempotent (a stream record may be delivered again). Returns whether a pass was revoked. */
export async function applyPassEvent(event: PassEvent, now: Date): Promise<boolean> {
  if (event.kind === 'alert-opened' || event.kind === 'alert-resolved')
    await setAlertOpen(event.personId, event.alertKind, event.alertId, event.kind === 'alert-opened');
  if (event.kind === 'alert-resolved') return false;
  return revokeCurrentPass(event.personId, now);
}
