/** What a centre reads of an import: its state, the ledger rolled up by region, and its rows. */
import {
  countyOf,
  type Import,
  type ImportRow,
  isWithinAnyScope,
  type LedgerCounts,
  type RowOutcome,
} from '@grid/shared';
import type { Principal } from '../../../lib/auth/tokens';
import { AppError } from '../../../lib/errors';
import { getRegions } from '../../hierarchy/entities/region';
import { getImport, type ImportItem, type UploadPart } from '../entities/import';
import { listRows, type RowItem } from '../entities/import-row';
import { LEDGER_FIELDS, type LedgerItem, listLedger } from '../entities/ledger-shard';
import { listUploadParts } from '../entities/upload-part';

type Counters = Omit<LedgerItem, 'regionCode'>;

export async function loadImportInScope(principal: Principal, importId: string): Promise<ImportItem> {
  const item = await getImport(importId, true);
  if (!item || !isWithinAnyScope(item.regionCode, principal.scopes)) throw new AppError('FORBIDDEN_SCOPE');
  return item;
}

const empty = (): Counters =>
  Object.fromEntries(LEDGER_FIELDS.map((k) => [k, 0])) as Record<(typeof LEDGER_FIELDS)[number], number>;

function countsOf(sum: Counters): LedgerCounts {
  return {
    total: sum.total,
    matched: sum.matched,
    routed: sum.routed,
    queued: sum.queued,
    invalid: sum.invalid,
    duplicate: sum.duplicate,
    located: sum.located,
    unlocated: sum.total - sum.invalid - sum.duplicate - sum.located,
    avgMinutesToLocate: sum.located > 0 ? Math.round((sum.locatedMinutes / sum.located) * 10) / 10 : null,
  };
}

function addInto(into: Counters, from: Partial<Counters>): void {
  for (const k of LEDGER_FIELDS) into[k] += Number(from[k] ?? 0);
}

/** Totals, and per street, per district (its streets rolled up) and the city bucket. */
function ledgerView(items: LedgerItem[], names: Map<string, string>): Import['ledger'] {
  const totals = empty();
  const byRegion = new Map<string, Counters>();
  for (const item of items) {
    addInto(totals, item);
    const codes = [item.regionCode];
    if (item.regionCode.length === 9) codes.push(countyOf(item.regionCode));
    for (const code of codes) {
      const sum = byRegion.get(code) ?? empty();
      addInto(sum, item);
      byRegion.set(code, sum);
    }
  }
  const levelName = { 4: 'city', 6: 'county', 9: 'township' } as const;
  return {
    totals: countsOf(totals),
    regions: [...byRegion]
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([code, sum]) => ({
        regionCode: code,
        name: names.get(code) ?? code,
        level: levelName[code.length as 4 | 6 | 9] ?? 'city',
        ...countsOf(sum),
      })),
  };
}

async function regionNames(codes: string[]): Promise<Map<string, string>> {
  const wanted = [...new Set(codes.flatMap((c) => (c.length === 9 ? [c, countyOf(c)] : [c])))];
  const found = await getRegions(wanted);
  return new Map(found.map((r) => [r.code, r.name]));
}

export function toImport(
  item: ImportItem,
  ledger: LedgerItem[],
  names: Map<string, string>,
  parts: readonly UploadPart[],
): Import {
  return {
    importId: item.importId,
    source: item.source,
    filename: item.filename,
    format: item.format,
    encoding: item.encoding,
    regionCode: item.regionCode,
    status: item.status,
    failure: item.failure,
    columns: item.columns ?? {},
    bytes: item.status === 'uploading' ? parts.reduce((sum, p) => sum + p.bytes, 0) : item.bytes,
    parts: parts.map((p) => ({ partNumber: p.partNumber, bytes: p.bytes })),
    totalRows: item.totalRows,
    processedRows: item.processedRows,
    chunkRows: item.chunkRows,
    chunks: item.chunks,
    nextChunk: item.nextChunk,
    createdAt: item.createdAt,
    createdBy: item.createdBy,
    completedAt: item.completedAt ?? null,
    ledger: ledgerView(ledger, names),
  };
}

export async function getImportView(principal: Principal, importId: string): Promise<Import> {
  const item = await loadImportInScope(principal, importId);
  const [ledger, parts] = await Promise.all([
    listLedger(importId),
    item.status === 'uploading' ? listUploadParts(importId) : (item.parts ?? []),
  ]);
  return toImport(item, ledger, await regionNames(ledger.map((l) => l.regionCode)), parts);
}

export function toRow(r: RowItem): ImportRow {
  return {
    taskId: r.taskId,
    importId: r.importId,
    rowNumber: r.rowNumber,
    name: r.name,
    idNumberMasked: r.idNumberMasked,
    phoneMasked: r.phoneMasked,
    birthDate: r.birthDate,
    origin: r.origin,
    arrivalDate: r.arrivalDate,
    address: r.address,
    outcome: r.outcome,
    issues: r.issues,
    match: r.match,
    route: r.route,
    duplicateOf: r.duplicateOf,
    status: r.status,
    locatedPersonId: r.locatedPersonId,
    locatedBy: r.locatedBy,
    locatedAt: r.locatedAt,
    createdAt: r.createdAt,
  };
}

export async function listImportRows(
  principal: Principal,
  importId: string,
  query: { outcome?: RowOutcome; cursor?: string; limit: number },
) {
  await loadImportInScope(principal, importId);
  const page = await listRows(importId, query.outcome, query.cursor, query.limit);
  return { items: page.items.map(toRow), nextCursor: page.nextCursor };
}
