/**
 * Single-table keys. Every item has pk/sk; gsi1 lists children of a parent in order, gsi2
 * finds an item by a secondary identity (keyed hashes). docs/architecture.md has the table of
 * access patterns these serve.
 */
import type { Slot } from '@grid/shared';

export const keys = {
  user: (userId: string) => ({ pk: `USER#${userId}`, sk: 'USER' }),
  openid: (openid: string) => ({ pk: `OPENID#${openid}`, sk: 'OPENID' }),
  staffPhone: (phoneHash: string) => ({ pk: `STAFFPHONE#${phoneHash}`, sk: 'STAFFPHONE' }),
  household: (householdId: string) => ({ pk: `HH#${householdId}`, sk: 'HH' }),
  /** Remembers which household a staff member's Idempotency-Key created, so a retry finds it. */
  householdByKey: (userId: string, idempotencyKey: string) => ({ pk: `HHKEY#${userId}`, sk: idempotencyKey }),
  person: (personId: string) => ({ pk: `PERSON#${personId}`, sk: 'PERSON' }),
  personByIdHash: (idHash: string) => ({ gsi2pk: `IDHASH#${idHash}` }),
  healthReport: (personId: string, date: string, slot: Slot) => ({
    pk: `PERSON#${personId}`,
    sk: `HR#${date}#${slot}`,
  }),
  travelDeclaration: (personId: string, idempotencyKey: string) => ({
    pk: `PERSON#${personId}`,
    sk: `TD#${idempotencyKey}`,
  }),
  /** gsi1 partition of a grid's unverified submissions of one type; removed once verified. */
  pending: (gridCode: string, type: 'health' | 'travel') => `PENDING#${gridCode}#${type}`,
  riskAreas: () => ({ pk: 'CONFIG', sk: 'RISK_AREAS' }),
  grid: (gridCode: string) => ({ pk: `GRID#${gridCode}`, sk: 'GRID' }),
  /** gsi1 partition listing a city's grids, for jobs that walk them. */
  gridsOfCity: (cityCode: string) => `GRIDS#${cityCode}`,
  gridPendingCounter: (gridCode: string) => ({ pk: `GRID#${gridCode}`, sk: 'PENDING' }),
  /** Staff (gridworkers, volunteers) of a grid, for notifications. */
  gridStaff: (gridCode: string, userId: string) => ({ pk: `GRIDSTAFF#${gridCode}`, sk: `USER#${userId}` }),
  /** A user's remaining one-time subscribe-message grants for one template. */
  grant: (userId: string, template: string) => ({ pk: `USER#${userId}`, sk: `GRANT#${template}` }),
  task: (taskId: string) => ({ pk: `TASK#${taskId}`, sk: 'TASK' }),
  /** gsi1 partition of a grid's open tasks, oldest first. */
  gridTasks: (gridCode: string) => `TASKS#${gridCode}`,
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
  reminder: (quarantineId: string, date: string, slot: Slot) => ({ pk: `QT#${quarantineId}`, sk: `REMINDER#${date}#${slot}` }),
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
  /** Marks that one user was told of one alert. */
  alertNotice: (alertId: string, userId: string) => ({ pk: `ALERT#${alertId}`, sk: `NOTIFIED#${userId}` }),
  region: (parentCode: string, code: string) => ({ pk: `REGION#${parentCode}`, sk: `CHILD#${code}` }),
} as const;

/** Submission ids name their item: H.<personId>.<yyyymmdd>.<m|e> or T.<personId>.<key>. */
export type SubmissionRef =
  | { type: 'health'; personId: string; date: string; slot: Slot }
  | { type: 'travel'; personId: string; idempotencyKey: string };

export function submissionId(ref: SubmissionRef): string {
  if (ref.type === 'health') {
    return `H.${ref.personId}.${ref.date.replaceAll('-', '')}.${ref.slot === 'morning' ? 'm' : 'e'}`;
  }
  return `T.${ref.personId}.${ref.idempotencyKey}`;
}

export function parseSubmissionId(id: string): SubmissionRef {
  const [kind, personId = '', rest = ''] = id.split('.');
  if (kind === 'H') {
    const date = `${rest.slice(0, 4)}-${rest.slice(4, 6)}-${rest.slice(6, 8)}`;
    return { type: 'health', personId, date, slot: id.endsWith('.m') ? 'morning' : 'evening' };
  }
  return { type: 'travel', personId, idempotencyKey: rest };
}

export function submissionKey(ref: SubmissionRef) {
  return ref.type === 'health'
    ? keys.healthReport(ref.personId, ref.date, ref.slot)
    : keys.travelDeclaration(ref.personId, ref.idempotencyKey);
}
