/**
 * How long health records are kept. A person's health reports, travel declarations and
 * quarantine follow-ups, and a household's supply requests, get an expiry (`expiresAt`, the
 * table's TTL attribute) RETENTION_DAYS after the person's home quarantine is released, or after
 * the epidemic response is closed for the region they live in. DynamoDB deletes expired items in
 * AWS; locally the purgeExpiredItems job does (DynamoDB Local never expires anything).
 */
import { isWithinAnyScope, type RegionClosure, type RegionClosureRequest } from '@grid/shared';
import type { Principal } from '../../../lib/auth/tokens';
import { config } from '../../../lib/config';
import { AppError } from '../../../lib/errors';
import { mapLimit } from '../../../lib/map-limit';
import { getRegion } from '../../hierarchy/entities/region';
import { getHousehold } from '../../households/entities/household';
import { getPersons } from '../../households/entities/person';
import {
  getRegionClosure,
  listUnmarkedClosureCodes,
  markClosureDone,
  putRegionClosure,
} from '../entities/region-closure';
import {
  deleteItem,
  HOUSEHOLD_RECORD_PREFIXES,
  householdRecordKeys,
  type ItemKey,
  PERSON_RECORD_PREFIXES,
  personRecordKeys,
  type RetentionScanItem,
  scanExpiredKeys,
  scanRetentionItems,
  stampExpiry,
} from '../entities/retention';

const DAY_MS = 86_400_000;

/** The instant records kept from `from` on are purged after. */
export function purgeAfter(from: Date): Date {
  return new Date(from.getTime() + config().RETENTION_DAYS * DAY_MS);
}

const epochSeconds = (at: Date) => Math.floor(at.getTime() / 1000);

async function stampAll(items: readonly ItemKey[], expiresAt: number): Promise<number> {
  const stamped = await mapLimit(items, 8, (key) => stampExpiry(key, expiresAt));
  return stamped.filter(Boolean).length;
}

/**
 * After a release: the person's records expire RETENTION_DAYS later, and the household's supply
 * requests too once nobody else in it is in quarantine. Records written later are not stamped
 * here (the region's closure covers them).
 */
export async function expireRecordsAfterRelease(
  q: { personId: string; householdId: string },
  releasedAt: Date,
): Promise<{ records: number; supplyRequests: number }> {
  const expiresAt = epochSeconds(purgeAfter(releasedAt));
  const records = await stampAll(await personRecordKeys(q.personId), expiresAt);
  const household = await getHousehold(q.householdId);
  const others = await getPersons((household?.memberIds ?? []).filter((id) => id !== q.personId));
  if (others.some((p) => p.activeQuarantineId)) return { records, supplyRequests: 0 };
  const supplyRequests = await stampAll(await householdRecordKeys(q.householdId), expiresAt);
  return { records, supplyRequests };
}

/**
 * Closes the epidemic response for a region in the caller's scope: its people's records are
 * marked for purging by the markClosedRegions job, not on this request. Closing again answers
 * the first closure (created: false).
 */
export async function closeRegionResponse(
  principal: Principal,
  regionCode: string,
  input: RegionClosureRequest,
  now: Date,
): Promise<{ closure: RegionClosure; created: boolean }> {
  if (!isWithinAnyScope(regionCode, principal.scopes)) throw new AppError('FORBIDDEN_SCOPE');
  if (!(await getRegion(regionCode))) throw new AppError('REGION_UNKNOWN', { code: regionCode });
  const closure: RegionClosure = {
    regionCode,
    closedAt: now.toISOString(),
    closedBy: principal.userId,
    note: input.note ?? null,
    purgeAfter: purgeAfter(now).toISOString(),
    markedAt: null,
    itemsMarked: null,
  };
  if (await putRegionClosure(closure)) return { closure, created: true };
  const existing = await getRegionClosure(regionCode);
  if (!existing) throw new Error(`Region closure ${regionCode} vanished`);
  return { closure: existing, created: false };
}

/**
 * Job: for each region closed since the last run, stamps the records of the persons and
 * households that live there now (by their current grid) with the closure's purge instant.
 * One parallel scan per run however many regions closed; a run with nothing to do reads one
 * index query.
 */
export async function markClosedRegions(now: Date): Promise<{ regions: number; marked: number }> {
  const codes = await listUnmarkedClosureCodes();
  if (codes.length === 0) return { regions: 0, marked: 0 };
  const closures = (await Promise.all(codes.map(getRegionClosure))).filter(
    (c): c is RegionClosure => c !== undefined,
  );
  const items = await scanRetentionItems();
  let marked = 0;
  for (const closure of closures) {
    const targets = recordsInRegion(items, closure.regionCode);
    const expiresAt = epochSeconds(new Date(closure.purgeAfter));
    const due = targets.filter((t) => t.expiresAt === undefined || t.expiresAt > expiresAt);
    const count = await stampAll(due, expiresAt);
    await markClosureDone(closure.regionCode, now.toISOString(), count);
    marked += count;
  }
  return { regions: closures.length, marked };
}

/** The purged records of persons and households whose grid lies in the region. */
export function recordsInRegion(
  items: readonly RetentionScanItem[],
  regionCode: string,
): RetentionScanItem[] {
  const inRegion = (i: RetentionScanItem) =>
    typeof i.gridCode === 'string' && i.gridCode.startsWith(regionCode);
  const partitions = new Set(
    items.filter((i) => (i.type === 'PERSON' || i.type === 'HOUSEHOLD') && inRegion(i)).map((i) => i.pk),
  );
  const prefixes: readonly string[] = [...PERSON_RECORD_PREFIXES, ...HOUSEHOLD_RECORD_PREFIXES];
  return items.filter((i) => partitions.has(i.pk) && prefixes.some((p) => i.sk.startsWith(p)));
}

/** Local-only job: deletes what DynamoDB's TTL would have deleted by `now`. */
export async function purgeExpiredItems(now: Date): Promise<{ deleted: number }> {
  const expired = await scanExpiredKeys(epochSeconds(now));
  await mapLimit(expired, 8, deleteItem);
  return { deleted: expired.length };
}
