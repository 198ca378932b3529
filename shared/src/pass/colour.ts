import { isOlderThanDays } from '../domain/time';
import type { PassColour } from './claims';

/** How long a pass lives: a day, so a colour is never older than the last day's facts. */
export const PASS_LIFETIME_SECONDS = 24 * 3600;
/** An arrival from a risk area keeps the pass yellow for this many days after the arrival. */
export const RISK_ARRIVAL_DAYS = 14;

/** What the colour is decided from: facts the server holds, none of which the pass carries. */
export interface PassFacts {
  /** In home quarantine now (Person.activeQuarantineId). */
  quarantined: boolean;
  /** Open (not resolved) FEVER alerts of the person. */
  openFeverAlerts: number;
  /** Open MISSED_CHECK alerts of the person. */
  openMissedChecks: number;
  /** Arrival dates (YYYY-MM-DD, Shanghai) of declared journeys from a risk area. */
  riskArrivals: readonly string[];
}

/**
 * GB/T 38961's three colours from the person's state: home quarantine or an open fever alert → red;
 * a risk-area arrival in the last 14 days or a missed check → yellow; else green.
 */
export function passColourOf(facts: PassFacts, now: Date): PassColour {
  if (facts.quarantined || facts.openFeverAlerts > 0) return 'red';
  const recentArrival = facts.riskArrivals.some((d) => !isOlderThanDays(d, RISK_ARRIVAL_DAYS, now));
  if (recentArrival || facts.openMissedChecks > 0) return 'yellow';
  return 'green';
}
