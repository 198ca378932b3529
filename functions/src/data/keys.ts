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
