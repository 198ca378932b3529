/**
 * Writes per user per minute, counted in this container's memory: no table write on the request
 * path, so a check-in stays one write. In AWS a user's requests spread over containers, so this is
 * a brake on a runaway phone, not a hard global quota (API Gateway's stage throttling is the
 * global one). docs/architecture.md, Security, says so.
 */
import type { Principal } from '../auth/tokens';
import { config } from '../config';
import { AppError } from '../errors';

const WINDOW_MS = 60_000;
const MAX_TRACKED_USERS = 10_000;
const recent = new Map<string, number[]>();

export function checkWriteRate(principal: Principal, nowMs = Date.now()): void {
  const c = config();
  const limit =
    principal.role === 'resident'
      ? c.RATE_LIMIT_RESIDENT_WRITES_PER_MINUTE
      : c.RATE_LIMIT_STAFF_WRITES_PER_MINUTE;
  const times = (recent.get(principal.userId) ?? []).filter((t) => t > nowMs - WINDOW_MS);
  if (times.length >= limit) {
    const retryAfter = Math.max(1, Math.ceil((times[0]! + WINDOW_MS - nowMs) / 1000));
    recent.set(principal.userId, times);
    throw new AppError('RATE_LIMITED', { retryAfterSeconds: retryAfter });
  }
  times.push(nowMs);
  recent.delete(principal.userId); // re-insert: the map's order is least recently seen first
  recent.set(principal.userId, times);
  if (recent.size > MAX_TRACKED_USERS) {
    const oldest = recent.keys().next().value;
    if (oldest !== undefined) recent.delete(oldest);
  }
}
