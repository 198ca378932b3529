/**
 * One checked row of a list to its stored row: matched with the registry (ID hash, else phone,
 * else name + birth date), else routed by its address to a grid (a registration task) or a
 * centre's queue; and the ledger counts it adds.
 */
import { maskIdNumber, maskPhone, townshipOf } from '@grid/shared';
import { encryptField, keyedHash } from '../../../lib/crypto/personal-data';
import { nameBirthHash, nameBirthTypoMatches } from '../../households/use-cases/person-identity';
import type { ImportItem } from '../entities/import';
import type { NewRow, RowItem } from '../entities/import-row';
import type { LedgerDelta } from '../entities/ledger-shard';
import { openRowIndexes, taskIdOf } from '../entities/registration-task';
import type { CheckedRow } from './cross-match-normalize';
import type { GridsByVillage, Registry } from './cross-match-registry';
import { chooseGrid } from './cross-match-router';

interface Match {
  rule: 'id_number' | 'phone' | 'name_birth_date';
  confidence: number;
  personId: string;
  gridCode: string;
}

/**
 * ID hash exact; else phone (surer when name + birth date agree); else name + birth date (surer
 * when the ID numbers are one typing slip apart).
 */
interface RowHashes {
  id: string | null;
  phone: string | null;
  nameBirth: string | null;
}

export function hashesOf(row: CheckedRow): RowHashes {
  return {
    id: row.idNumber ? keyedHash('id', row.idNumber) : null,
    phone: row.phone ? keyedHash('phone', row.phone) : null,
    nameBirth: row.birthDate ? nameBirthHash(row.name, row.birthDate) : null,
  };
}

/** Who holds each key: `<kind>#<hash>` → persons (one BatchGet per 100 keys for a whole chunk). */
export type Holders = Map<string, Array<{ personId: string; gridCode: string }>>;

function matchRow(row: CheckedRow, h: RowHashes, holders: Holders): Promise<Match | null> | Match | null {
  const pick = (rule: Match['rule'], base: number, found: Array<{ personId: string; gridCode: string }>) => {
    const first = found[0];
    if (!first) return null;
    // Several candidates: a person registered twice, or a shared phone; say so in the confidence.
    const confidence = found.length > 1 ? base - 0.1 : base;
    return {
      rule,
      confidence: Math.round(confidence * 100) / 100,
      personId: first.personId,
      gridCode: first.gridCode,
    };
  };
  const held = (kind: string, hash: string | null) => (hash ? (holders.get(`${kind}#${hash}`) ?? []) : []);
  const byId = pick('id_number', 1, held('id', h.id));
  if (byId) return byId;
  const byNameBirth = held('name-birth', h.nameBirth);
  const byPhone = held('phone', h.phone);
  const agreeing = byPhone.filter((p) => byNameBirth.some((n) => n.personId === p.personId));
  const phoneHit = agreeing.length > 0 ? pick('phone', 0.95, agreeing) : pick('phone', 0.8, byPhone);
  if (phoneHit) return phoneHit;
  const listedId = row.idNumber ?? row.invalidIdNumber;
  if (!listedId || !row.birthDate || byNameBirth.length === 0) return null;
  // Rare: only rows sharing a name and birth date with someone read those persons' ID numbers.
  return nameBirthTypoMatches(row.name, row.birthDate, listedId, byNameBirth).then((typo) =>
    typo.length > 0 ? pick('name_birth_date', 0.9, typo) : pick('name_birth_date', 0.6, byNameBirth),
  );
}

const streetOf = (code: string) => (code.length >= 9 ? townshipOf(code) : code);

export async function buildRow(
  row: CheckedRow,
  imp: ImportItem,
  registry: Registry & { grids: GridsByVillage },
  holders: Holders,
  now: Date,
): Promise<NewRow> {
  const hashes = hashesOf(row);
  const idHash = hashes.id;
  const phoneHash = hashes.phone;
  const issues = [...row.issues];
  const place = registry.router.route(row.address);
  const listedId = row.idNumber || row.invalidIdNumber;
  const base = {
    taskId: taskIdOf(imp.importId, row.rowNumber),
    importId: imp.importId,
    rowNumber: row.rowNumber,
    name: row.name,
    idHash,
    idNumberEnc: listedId ? encryptField(listedId) : null,
    idNumberMasked: listedId ? maskIdNumber(listedId) : null,
    phoneHash,
    phoneEnc: row.phone ? encryptField(row.phone) : null,
    phoneMasked: row.phone ? maskPhone(row.phone) : null,
    birthDate: row.birthDate,
    origin: row.origin,
    arrivalDate: row.arrivalDate,
    address: row.address,
    duplicateOf: row.duplicateOf,
    createdAt: now.toISOString(),
    importCreatedAt: imp.createdAt,
    type: 'XM_ROW' as const,
  };
  const none = { match: null, locatedPersonId: null, locatedBy: null, locatedAt: null };
  if (row.invalid || row.duplicateOf !== null) {
    return {
      ...base,
      ...none,
      issues,
      outcome: row.invalid ? 'invalid' : 'duplicate',
      route: null,
      status: 'none',
      ledgerRegion: place ? streetOf(place.code) : imp.regionCode,
    };
  }
  const match = await matchRow(row, hashes, holders);
  if (match) {
    return {
      ...base,
      issues,
      outcome: 'matched',
      match,
      route: null,
      status: 'located',
      locatedPersonId: match.personId,
      locatedBy: 'cross-match',
      locatedAt: now.toISOString(),
      ledgerRegion: streetOf(match.gridCode),
    };
  }
  const grid =
    place?.level === 'village' ? chooseGrid(registry.grids.get(place.code), row.address) : undefined;
  if (!place) issues.push({ code: 'ADDRESS_UNROUTABLE', ...(row.address ? {} : { detail: 'missing' }) });
  if (grid) {
    return {
      ...base,
      ...none,
      issues,
      outcome: 'routed',
      route: { level: 'grid', code: grid, matchedName: place?.matchedName ?? null },
      status: 'open',
      ledgerRegion: streetOf(grid),
      ...openRowIndexes(base, { grid }),
    };
  }
  // No grid for the place found: the street's queue (or the district's, or the importer's).
  const queue = place ? (place.level === 'village' ? townshipOf(place.code) : place.code) : imp.regionCode;
  const queueLevel =
    ({ 4: 'city', 6: 'county', 9: 'township' } as const)[queue.length as 4 | 6 | 9] ?? 'city';
  return {
    ...base,
    ...none,
    issues,
    outcome: 'queued',
    route: { level: queueLevel, code: queue, matchedName: place?.matchedName ?? null },
    status: 'open',
    ledgerRegion: queue,
    ...openRowIndexes(base, { queue }),
  };
}

export function minutesSince(from: string, to: Date): number {
  return Math.max(0, Math.round((to.getTime() - new Date(from).getTime()) / 60_000));
}

/** What a new row adds to its region's ledger. */
export function ledgerDelta(row: RowItem, now: Date): LedgerDelta {
  const delta: LedgerDelta = { total: 1, [row.outcome]: 1 };
  if (row.outcome === 'matched') {
    delta.located = 1;
    delta.locatedMinutes = minutesSince(row.importCreatedAt, now);
  }
  return delta;
}
