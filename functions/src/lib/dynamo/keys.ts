/**
 * Single-table keys. Every item has pk/sk; gsi1 lists children of a parent in order, gsi2
 * finds an item by a secondary identity (keyed hashes). docs/architecture.md has the table of
 * access patterns these serve.
 */
import type { Slot } from '@grid/shared';
import { householdKeys } from '../../contexts/households/entities/household';
import { personKeys } from '../../contexts/households/entities/person';
import { userKeys } from '../../contexts/identity/entities/users';

export const keys = {
  // Owned by the identity and households entities; kept here for the contexts and bench still calling them.
  user: userKeys.item,
  openid: userKeys.openid,
  staffPhone: userKeys.staffPhone,
  household: householdKeys.item,
  person: personKeys.item,
  personByIdHash: personKeys.byIdHash,
  /** Attempt 2, 3…: the slot's report was rejected and reported again; the rejected one stays. */
  healthReport: (personId: string, date: string, slot: Slot, attempt = 1) => ({
    pk: `PERSON#${personId}`,
    sk: attempt > 1 ? `HR#${date}#${slot}#${attempt}` : `HR#${date}#${slot}`,
  }),
  travelDeclaration: (personId: string, idempotencyKey: string) => ({
    pk: `PERSON#${personId}`,
    sk: `TD#${idempotencyKey}`,
  }),
  /** gsi1 partition of a grid's unverified submissions of one type; removed once verified. */
  /** gsi1 partition of a grid's pending submissions, both types, urgent first (see data/submissions). */
  pending: (gridCode: string) => `PENDING#${gridCode}`,
  riskAreas: () => ({ pk: 'CONFIG', sk: 'RISK_AREAS' }),
  grid: (gridCode: string) => ({ pk: `GRID#${gridCode}`, sk: 'GRID' }),
  /** gsi1 partition listing a city's grids, for jobs that walk them. */
  gridsOfCity: (cityCode: string) => `GRIDS#${cityCode}`,
  gridStaff: userKeys.gridStaff,
  quarantine: (quarantineId: string) => ({ pk: `QT#${quarantineId}`, sk: 'QT' }),
  /** gsi1 partition of a grid's people in home quarantine now. */
  quarantinedInGrid: (gridCode: string) => `QUARANTINED#${gridCode}`,
  /** gsi2 partition (keys only) of a city's active quarantines, for the check jobs. */
  activeQuarantinesOfCity: (cityCode: string) => `ACTIVEQT#${cityCode}`,
  followUp: (personId: string, date: string, slot: Slot, key: string) => ({
    pk: `PERSON#${personId}`,
    sk: `FU#${date}#${slot}#${key}`,
  }),
  alert: (alertId: string) => ({ pk: `ALERT#${alertId}`, sk: 'ALERT' }),
  /** gsi1 partition of a street's alerts; the sort key starts with the status. */
  alertsOfStreet: (streetCode: string) => `ALERTS#${streetCode}`,
  /** gsi2 partition (keys only) of alerts escalated to a district. */
  alertsEscalatedToDistrict: (districtCode: string) => `ALERTESC#${districtCode}`,
  /** Marks a reminder as sent (or handed to a gridworker), so the job sends it once. */
  reminder: (quarantineId: string, date: string, slot: Slot) => ({
    pk: `QT#${quarantineId}`,
    sk: `REMINDER#${date}#${slot}`,
  }),
  // supply requests
  /** In the household's partition: its requests read newest first in one query. */
  supplyRequest: (householdId: string, seq: string) => ({ pk: `HH#${householdId}`, sk: `SR#${seq}` }),
  /** Claims an Idempotency-Key for a household's new request; holds the request's id. */
  supplyRequestKey: (householdId: string, idempotencyKey: string) => ({
    pk: `HH#${householdId}`,
    sk: `SRKEY#${idempotencyKey}`,
  }),
  /** gsi1 partition of a grid's open (submitted, accepted) requests, oldest first. */
  openSupplyOfGrid: (gridCode: string) => `SUPPLYOPEN#${gridCode}`,
  /** gsi1 partition of a city's delivered, unconfirmed requests by delivery time, for auto-confirm. */
  deliveredSupplyOfCity: (cityCode: string) => `SUPPLYDELIVERED#${cityCode}`,
  /** Marks a transition's notice as sent, so a redelivered stream record sends none. */
  supplyNotice: (householdId: string, seq: string, status: string) => ({
    pk: `HH#${householdId}`,
    sk: `SRNOTICE#${seq}#${status}`,
  }),
  // end supply requests
  // screening and cross-match
  /** A door visit, in the household's partition; the key makes a retried visit one item. */
  visit: (householdId: string, date: string, idempotencyKey: string) => ({
    pk: `HH#${householdId}`,
    sk: `VISIT#${date}#${idempotencyKey}`,
  }),
  /** The household counts as screened on this Shanghai day (the latest visit's outcome). */
  screenedDay: (householdId: string, date: string) => ({ pk: `HH#${householdId}`, sk: `SCREENED#${date}` }),
  /** gsi1 partition of the households a grid screened on one day. */
  screenedInGrid: (gridCode: string, date: string) => `SCREENED#${gridCode}#${date}`,
  place: (placeId: string) => ({ pk: `PLACE#${placeId}`, sk: 'PLACE' }),
  placeScreening: (placeId: string, date: string, idempotencyKey: string) => ({
    pk: `PLACE#${placeId}`,
    sk: `SCREEN#${date}#${idempotencyKey}`,
  }),
  /** gsi1 partition of a grid's places. */
  placesOfGrid: (gridCode: string) => `PLACES#${gridCode}`,
  crossMatchImport: (importId: string) => ({ pk: `XM#${importId}`, sk: 'IMPORT' }),
  /** gsi2 partition (keys only) of imports with work left, for the chunk job. */
  activeImports: () => 'XMACTIVE',
  /** gsi2 partition (keys only) of imports waiting for their parts, by creation time: they expire. */
  uploadingImports: () => 'XMUPLOADING',
  /** The stored upload, in encrypted pieces of at most 180 KB of file each. */
  importUploadPiece: (importId: string, n: number) => ({
    pk: `XM#${importId}`,
    sk: `RAW#${String(n).padStart(4, '0')}`,
  }),
  /** A part of an upload in parts (its size and hash); its pieces are keyed by that hash. */
  importPart: (importId: string, partNumber: number) => ({
    pk: `XM#${importId}`,
    sk: `PART#${String(partNumber).padStart(3, '0')}`,
  }),
  /** The pieces of one version of a part: a part sent again with other bytes never mixes with them. */
  importPartPiece: (importId: string, partNumber: number, sha256: string, n: number) => ({
    pk: `XM#${importId}`,
    sk: `PARTRAW#${String(partNumber).padStart(3, '0')}#${sha256.slice(0, 16)}#${String(n).padStart(4, '0')}`,
  }),
  /** Parsed rows awaiting processing, one item per chunk (encrypted). */
  importChunk: (importId: string, n: number) => ({
    pk: `XM#${importId}`,
    sk: `CHUNK#${String(n).padStart(5, '0')}`,
  }),
  importRow: (importId: string, rowNumber: number) => ({
    pk: `XM#${importId}`,
    sk: `ROW#${String(rowNumber).padStart(7, '0')}`,
  }),
  /** Ledger counters of an import for one region (a street, else a district or the city). */
  importLedger: (importId: string, regionCode: string, shard = 0) => ({
    pk: `XM#${importId}`,
    // Shards let a chunk's row transactions run side by side without conflicting on the ledger.
    sk: shard === 0 ? `LEDGER#${regionCode}` : `LEDGER#${regionCode}#${shard}`,
  }),
  /** gsi1 partition of a grid's open registration tasks (routed rows), oldest first. */
  registrationTasksOfGrid: (gridCode: string) => `REGTASKS#${gridCode}`,
  /** gsi1 partition of a street / district / city centre's queue of unroutable rows. */
  registrationQueueOfRegion: (regionCode: string) => `REGQUEUE#${regionCode}`,
  /** gsi2 partition of open rows by ID hash: registering that person closes them. */
  openRowsByIdHash: (idHash: string) => `REGIDHASH#${idHash}`,
  // end screening
  /** Marks that one user was told of one alert. */
  alertNotice: (alertId: string, userId: string) => ({ pk: `ALERT#${alertId}`, sk: `NOTIFIED#${userId}` }),
  // statistics
  /** A region's (or grid's) counts of one Shanghai day. */
  statsDay: (code: string, date: string) => ({ pk: `STAT#${code}`, sk: `DAY#${date}` }),
  /** A region's (or grid's) levels now. */
  statsNow: (code: string) => ({ pk: `STAT#${code}`, sk: 'NOW' }),
  /** gsi1 partition listing the children's stats items of a parent, per day or now. */
  statsChildren: (parentCode: string, period: string) => `STATKIDS#${parentCode}#${period}`,
  /** Marks a stream event as counted (expires after a few days). */
  statsEvent: (eventId: string) => ({ pk: `STATEV#${eventId}`, sk: 'STATEV' }),
  /** Counters recorded with their events' markers, applied to the stats items in a second step. */
  statsJournal: (journalId: string) => ({ pk: `STATSJ#${journalId}`, sk: 'STATSJ' }),
  // end statistics
  region: (parentCode: string, code: string) => ({ pk: `REGION#${parentCode}`, sk: `CHILD#${code}` }),
  // hierarchy and notices
  // end hierarchy
} as const;

/**
 * Submission ids name their item: H.<personId>.<yyyymmdd>.<m|e>[.<attempt>] or T.<personId>.<key>.
 * A health report's attempt (2–9) is there only when the slot was reported again after a rejection.
 */
export type SubmissionRef =
  | { type: 'health'; personId: string; date: string; slot: Slot; attempt?: number }
  | { type: 'travel'; personId: string; idempotencyKey: string };

export function submissionId(ref: SubmissionRef): string {
  if (ref.type === 'health') {
    const attempt = ref.attempt !== undefined && ref.attempt > 1 ? `.${ref.attempt}` : '';
    return `H.${ref.personId}.${ref.date.replaceAll('-', '')}.${ref.slot === 'morning' ? 'm' : 'e'}${attempt}`;
  }
  return `T.${ref.personId}.${ref.idempotencyKey}`;
}

export function parseSubmissionId(id: string): SubmissionRef {
  const [kind, personId = '', rest = '', slot = '', attempt] = id.split('.');
  if (kind === 'H') {
    const date = `${rest.slice(0, 4)}-${rest.slice(4, 6)}-${rest.slice(6, 8)}`;
    return {
      type: 'health',
      personId,
      date,
      slot: slot === 'm' ? 'morning' : 'evening',
      ...(attempt ? { attempt: Number(attempt) } : {}),
    };
  }
  return { type: 'travel', personId, idempotencyKey: rest };
}

export function submissionKey(ref: SubmissionRef) {
  return ref.type === 'health'
    ? keys.healthReport(ref.personId, ref.date, ref.slot, ref.attempt)
    : keys.travelDeclaration(ref.personId, ref.idempotencyKey);
}
