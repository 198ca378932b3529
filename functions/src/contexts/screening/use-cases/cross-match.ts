/**
 * Cross-matching police / health / rail lists with the registry.
 *
 * The upload is stored first (encrypted pieces), then the chunk job parses it once into chunks
 * and processes one chunk of rows per step: each row is matched (ID hash, else phone, else name +
 * birth date), else routed by its address to a grid (a registration task) or a centre's queue.
 * Row writes are conditional and carry their ledger counts; the cursor moves by a conditional
 * update, so a step repeated after a crash applies nothing twice.
 */
import { createHash } from 'node:crypto';
import {
  type CreateImportRequest,
  type Import,
  type ImportPart,
  type ImportRow,
  isWithinAnyScope,
  type LedgerCounts,
  levelOf,
  MAX_IMPORT_BYTES,
  maskIdNumber,
  maskPhone,
  parentOf,
  type RowOutcome,
} from '@grid/shared';
import { ulid } from 'ulid';
import { loadPersonInScope } from '../../../lib/auth/access';
import type { Principal } from '../../../lib/auth/tokens';
import { now as clockNow } from '../../../lib/clock';
import { decryptField, encryptField, keyedHash } from '../../../lib/crypto/personal-data';
import { batchGet } from '../../../lib/dynamo/batch';
import { keys } from '../../../lib/dynamo/keys';
import { AppError } from '../../../lib/errors';
import { logger } from '../../../lib/middleware/logger';
import { getGrid, listChildRegions, listGridsOfCity, type RegionItem } from '../../hierarchy/entities/grids';
import { findKeyHolders } from '../../households/entities/person-key';
import { nameBirthHash, nameBirthTypoMatches } from '../../households/use-cases/person-identity';
import * as xm from '../entities/cross-match';
import { type ParsedFile, parseImportFile } from './cross-match-file';
import type { CheckedRow } from './cross-match-normalize';
import { AddressRouter, type CoveringGrid, chooseGrid } from './cross-match-router';

/** Bytes of file per stored piece: sealed and base64-encoded it stays under 350 KB per item. */
const UPLOAD_PIECE_BYTES = 180_000;
/** A schedule run stops starting new steps after this long, well inside any timeout. */
export const RUN_BUDGET_MS = 4_000;
/** Chunks one import may take per schedule run, so one big list does not starve the others. */
export const MAX_CHUNKS_PER_RUN = 10;
/**
 * A stream-triggered run works this long, then returns: its last checkpoint write is the record
 * that triggers the next run (the consumer's timeout is 60 s; a step takes a few seconds).
 */
export const CHAIN_BUDGET_MS = 20_000;
/** An active import with no step for this long lost its chain: the schedule takes it up again. */
export const STALL_MS = 2 * 60_000;
const LOOKUP_CONCURRENCY = 16;

// Uploading

function decodeBase64(contentBase64: string): Buffer {
  const base64 = contentBase64.replace(/\s+/g, '');
  if (!/^[A-Za-z0-9+/]*={0,2}$/.test(base64) || base64.length % 4 === 1)
    throw new AppError('IMPORT_CONTENT_INVALID');
  const bytes = Buffer.from(base64, 'base64');
  if (bytes.length === 0) throw new AppError('IMPORT_FILE_EMPTY');
  return bytes;
}

/** Sealed pieces of at most UPLOAD_PIECE_BYTES of file each (one item each). */
function sealPieces(bytes: Buffer): string[] {
  const pieces: string[] = [];
  for (let at = 0; at < bytes.length; at += UPLOAD_PIECE_BYTES) {
    pieces.push(encryptField(bytes.subarray(at, at + UPLOAD_PIECE_BYTES).toString('base64')));
  }
  return pieces;
}

/**
 * The whole file in the request (202, processing starts), or no content: the import then waits in
 * `uploading` for its parts (201) and starts with `startImport`.
 */
export async function createImport(
  principal: Principal,
  input: CreateImportRequest,
  now: Date,
): Promise<{ status: 201 | 202; body: Import }> {
  const regionCode = input.regionCode ?? principal.scopes[0] ?? '';
  const level = levelOf(regionCode);
  if (!isWithinAnyScope(regionCode, principal.scopes)) throw new AppError('FORBIDDEN_SCOPE');
  if (level !== 'city' && level !== 'county' && level !== 'township') {
    throw new AppError('VALIDATION_FAILED', {
      issues: [{ path: 'body.regionCode', message: 'REGION_NOT_A_CENTRE' }],
    });
  }
  const inParts = input.contentBase64 === undefined;
  const bytes = inParts ? Buffer.alloc(0) : decodeBase64(input.contentBase64 ?? '');

  const importId = ulid(now.getTime());
  const pieces = sealPieces(bytes);
  // The upload first: once the import item exists, its file is there to read again.
  await xm.putUploadPieces(importId, pieces);
  const item: xm.ImportItem = {
    importId,
    source: input.source,
    filename: input.filename,
    format: 'unknown',
    requestedEncoding: input.encoding,
    encoding: null,
    // No empty maps in items: the local stream poller cannot pass an empty map on.
    columnMap: input.columnMap && Object.keys(input.columnMap).length > 0 ? input.columnMap : null,
    columns: null,
    regionCode,
    status: inParts ? 'uploading' : 'received',
    failure: null,
    bytes: bytes.length,
    uploadPieces: pieces.length,
    parts: null,
    chunkRows: input.chunkRows,
    totalRows: null,
    chunks: null,
    nextChunk: 0,
    processedRows: 0,
    createdAt: now.toISOString(),
    createdBy: principal.userId,
    completedAt: null,
    progressAt: now.toISOString(),
  };
  await xm.putImport(item, { active: !inParts });
  logger.info('cross-match import stored', {
    importId,
    bytes: bytes.length,
    source: input.source,
    inParts,
  });
  return { status: inParts ? 201 : 202, body: toImport(item, [], new Map(), []) };
}

const sha256Of = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');

/**
 * One part of an upload in parts. The same bytes sent again answer the same part; other bytes
 * under the same number replace it (stored beside it, keyed by hash) until the import starts.
 */
export async function putImportPart(
  principal: Principal,
  importId: string,
  partNumber: number,
  contentBase64: string,
): Promise<ImportPart> {
  const imp = await loadImportInScope(principal, importId);
  const bytes = decodeBase64(contentBase64);
  const part: xm.UploadPart = {
    partNumber,
    bytes: bytes.length,
    sha256: sha256Of(bytes),
    pieces: Math.ceil(bytes.length / UPLOAD_PIECE_BYTES),
  };
  const answer = { importId, partNumber, bytes: part.bytes, sha256: part.sha256 };
  const same = (p: xm.UploadPart) => p.partNumber === partNumber && p.sha256 === part.sha256;
  if (imp.status !== 'uploading') {
    // A retry of a part that arrived before the start: the same answer.
    if (imp.parts?.some(same)) return answer;
    throw new AppError('IMPORT_NOT_UPLOADING', { status: imp.status });
  }
  if ((await xm.listUploadParts(importId)).some(same)) return answer;
  if (!(await xm.putUploadPart(importId, part, sealPieces(bytes)))) {
    const fresh = await xm.getImport(importId, true);
    if (fresh?.parts?.some(same)) return answer;
    throw new AppError('IMPORT_NOT_UPLOADING', { status: fresh?.status });
  }
  return answer;
}

/** All parts 1…n are there: the import is pinned to them and processing starts (202). */
export async function startImport(
  principal: Principal,
  importId: string,
  parts: number,
  now: Date,
): Promise<Import> {
  const imp = await loadImportInScope(principal, importId);
  if (imp.status !== 'uploading') {
    // Started already: the same start again answers the import as it is now.
    if (imp.parts?.length === parts) return getImportView(principal, importId);
    throw new AppError('IMPORT_NOT_UPLOADING', { status: imp.status });
  }
  const received = await xm.listUploadParts(importId);
  const numbers = new Set(received.map((p) => p.partNumber));
  const missing = Array.from({ length: parts }, (_, i) => i + 1).filter((n) => !numbers.has(n));
  const unexpected = [...numbers].filter((n) => n > parts);
  if (missing.length > 0 || unexpected.length > 0)
    throw new AppError('IMPORT_PARTS_MISSING', { missing, unexpected });
  const bytes = received.reduce((sum, p) => sum + p.bytes, 0);
  if (bytes > MAX_IMPORT_BYTES) throw new AppError('IMPORT_FILE_TOO_LARGE', { bytes, max: MAX_IMPORT_BYTES });
  const moved = await xm.transitionImport(
    importId,
    'uploading',
    { status: 'received', parts: received, bytes, progressAt: now.toISOString() },
    { reactivate: { createdAt: imp.createdAt } },
  );
  if (!moved) {
    const fresh = await xm.getImport(importId, true);
    if (fresh?.parts?.length !== parts) throw new AppError('IMPORT_NOT_UPLOADING', { status: fresh?.status });
  }
  logger.info('cross-match import started', { importId, parts, bytes });
  return getImportView(principal, importId);
}

/** A failed import (columns not found, encoding unknown) is parsed again from the stored upload. */
export async function reparseImport(
  principal: Principal,
  importId: string,
  input: { encoding?: 'auto' | 'utf-8' | 'gbk'; columnMap: Record<string, string | number> },
): Promise<Import> {
  const item = await loadImportInScope(principal, importId);
  if (item.status !== 'failed') throw new AppError('IMPORT_NOT_REPARSABLE', { status: item.status });
  // An expired upload has no file left to parse.
  if (item.failure?.code === 'IMPORT_UPLOAD_EXPIRED')
    throw new AppError('IMPORT_NOT_REPARSABLE', { status: item.status, failure: item.failure.code });
  const moved = await xm.transitionImport(
    importId,
    'failed',
    {
      status: 'received',
      failure: null,
      columnMap: Object.keys(input.columnMap).length > 0 ? input.columnMap : null,
      requestedEncoding: input.encoding ?? item.requestedEncoding,
      progressAt: clockNow().toISOString(),
    },
    { reactivate: { createdAt: item.createdAt } },
  );
  if (!moved) throw new AppError('IMPORT_NOT_REPARSABLE');
  return getImportView(principal, importId);
}

// Reading

async function loadImportInScope(principal: Principal, importId: string): Promise<xm.ImportItem> {
  const item = await xm.getImport(importId, true);
  if (!item || !isWithinAnyScope(item.regionCode, principal.scopes)) throw new AppError('FORBIDDEN_SCOPE');
  return item;
}

const EMPTY: Required<xm.LedgerDelta> = {
  total: 0,
  matched: 0,
  routed: 0,
  queued: 0,
  invalid: 0,
  duplicate: 0,
  located: 0,
  locatedMinutes: 0,
};

function countsOf(sum: Required<xm.LedgerDelta>): LedgerCounts {
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

function addInto(into: Required<xm.LedgerDelta>, from: Partial<xm.LedgerDelta>): void {
  for (const k of Object.keys(EMPTY) as Array<keyof xm.LedgerDelta>) into[k] += Number(from[k] ?? 0);
}

/** Totals, and per street, per district (its streets rolled up) and the city bucket. */
function ledgerView(items: xm.LedgerItem[], names: Map<string, string>): Import['ledger'] {
  const totals = { ...EMPTY };
  const byRegion = new Map<string, Required<xm.LedgerDelta>>();
  for (const item of items) {
    addInto(totals, item);
    const codes = [item.regionCode];
    if (item.regionCode.length === 9) codes.push(item.regionCode.slice(0, 6));
    for (const code of codes) {
      const sum = byRegion.get(code) ?? { ...EMPTY };
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
  const wanted = [...new Set(codes.flatMap((c) => (c.length === 9 ? [c, c.slice(0, 6)] : [c])))];
  const found = await batchGet<RegionItem>(
    wanted.map((code) => keys.region(parentOf(code) ?? '', code)).filter((k) => k.pk !== 'REGION#'),
  );
  return new Map(found.map((r) => [r.code, r.name]));
}

function toImport(
  item: xm.ImportItem,
  ledger: xm.LedgerItem[],
  names: Map<string, string>,
  parts: readonly xm.UploadPart[],
): Import {
  return {
    importId: item.importId,
    source: item.source,
    filename: item.filename,
    format: item.format,
    encoding: item.encoding,
    regionCode: item.regionCode,
    status: item.status,
    failure: item.failure as Import['failure'],
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
    xm.listLedger(importId),
    item.status === 'uploading' ? xm.listUploadParts(importId) : (item.parts ?? []),
  ]);
  return toImport(item, ledger, await regionNames(ledger.map((l) => l.regionCode)), parts);
}

export function toRow(r: xm.RowItem): ImportRow {
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
  const page = await xm.listRows(importId, query.outcome, query.cursor, query.limit);
  return { items: page.items.map(toRow), nextCursor: page.nextCursor };
}

// The region registry, for routing (cached per container: division names change rarely)

interface Registry {
  router: AddressRouter;
  loadedAt: number;
}

/**
 * Village code → its grids with what they cover. Read for every chunk, never cached: a grid created
 * or changed takes effect from the next chunk on (one gsi1 query of the city's grid list).
 */
type GridsByVillage = Map<string, CoveringGrid[]>;

async function gridsByVillageOf(cityCode: string): Promise<GridsByVillage> {
  const byVillage: GridsByVillage = new Map();
  for (const grid of await listGridsOfCity(cityCode)) {
    const village = grid.gridCode.slice(0, 12);
    byVillage.set(village, [...(byVillage.get(village) ?? []), grid]);
  }
  return byVillage;
}

const REGISTRY_TTL_MS = 10 * 60_000;
const registries = new Map<string, Promise<Registry>>();

async function buildRegistry(cityCode: string): Promise<Registry> {
  const [cities, counties] = await Promise.all([
    listChildRegions(cityCode.slice(0, 2)),
    listChildRegions(cityCode),
  ]);
  const townships = (await Promise.all(counties.map((c) => listChildRegions(c.code)))).flat();
  const villages = (await Promise.all(townships.map((t) => listChildRegions(t.code)))).flat();
  const cityNames = cities.map((c) => c.name);
  return {
    router: new AddressRouter([...counties, ...townships, ...villages], cityNames),
    loadedAt: Date.now(),
  };
}

async function registryOf(cityCode: string): Promise<Registry> {
  const cached = registries.get(cityCode);
  if (cached) {
    const registry = await cached.catch(() => undefined);
    if (registry && Date.now() - registry.loadedAt < REGISTRY_TTL_MS) return registry;
  }
  const loading = buildRegistry(cityCode);
  registries.set(cityCode, loading);
  return loading;
}

// Processing

async function pool<T, R>(items: readonly T[], limit: number, fn: (item: T) => Promise<R>): Promise<R[]> {
  const out = new Array<R>(items.length);
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(limit, items.length) }, async () => {
      for (let i = next++; i < items.length; i = next++) out[i] = await fn(items[i]!);
    }),
  );
  return out;
}

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

function hashesOf(row: CheckedRow): RowHashes {
  return {
    id: row.idNumber ? keyedHash('id', row.idNumber) : null,
    phone: row.phone ? keyedHash('phone', row.phone) : null,
    nameBirth: row.birthDate ? nameBirthHash(row.name, row.birthDate) : null,
  };
}

/** Who holds each key: `<kind>#<hash>` → persons (one BatchGet per 100 keys for a whole chunk). */
type Holders = Map<string, Array<{ personId: string; gridCode: string }>>;

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

const streetOf = (code: string) => (code.length >= 9 ? code.slice(0, 9) : code);

async function buildRow(
  row: CheckedRow,
  imp: xm.ImportItem,
  registry: Registry & { grids: GridsByVillage },
  holders: Holders,
  now: Date,
): Promise<xm.RowItem & Record<string, unknown>> {
  const hashes = hashesOf(row);
  const idHash = hashes.id;
  const phoneHash = hashes.phone;
  const issues = [...row.issues];
  const place = registry.router.route(row.address);
  const base = {
    taskId: `R.${imp.importId}.${row.rowNumber}`,
    importId: imp.importId,
    rowNumber: row.rowNumber,
    name: row.name,
    idHash,
    idNumberEnc: row.idNumber
      ? encryptField(row.idNumber)
      : row.invalidIdNumber
        ? encryptField(row.invalidIdNumber)
        : null,
    idNumberMasked: row.idNumber
      ? maskIdNumber(row.idNumber)
      : row.invalidIdNumber
        ? maskIdNumber(row.invalidIdNumber)
        : null,
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
    type: 'XM_ROW',
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
  const open = {
    gsi1sk: `${imp.createdAt}#${imp.importId}#${String(row.rowNumber).padStart(7, '0')}`,
    ...(idHash ? { gsi2pk: keys.openRowsByIdHash(idHash), gsi2sk: `${imp.importId}#${row.rowNumber}` } : {}),
  };
  if (grid) {
    return {
      ...base,
      ...none,
      issues,
      outcome: 'routed',
      route: { level: 'grid', code: grid, matchedName: place?.matchedName ?? null },
      status: 'open',
      ledgerRegion: streetOf(grid),
      gsi1pk: keys.registrationTasksOfGrid(grid),
      ...open,
    };
  }
  // No grid for the place found: the street's queue (or the district's, or the importer's).
  const queue = place ? (place.level === 'village' ? place.code.slice(0, 9) : place.code) : imp.regionCode;
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
    gsi1pk: keys.registrationQueueOfRegion(queue),
    ...open,
  };
}

function minutesSince(from: string, to: Date): number {
  return Math.max(0, Math.round((to.getTime() - new Date(from).getTime()) / 60_000));
}

function ledgerDelta(row: xm.StoredRow, now: Date): xm.LedgerDelta {
  const delta: xm.LedgerDelta = { total: 1, [row.outcome]: 1 };
  if (row.outcome === 'matched') {
    delta.located = 1;
    delta.locatedMinutes = minutesSince(String(row.importCreatedAt), now);
  }
  return delta;
}

async function parseStep(imp: xm.ImportItem, now: Date): Promise<void> {
  const pieces = imp.parts
    ? await xm.getPartPieces(imp.importId, imp.parts)
    : await xm.getUploadPieces(imp.importId, imp.uploadPieces);
  const bytes = Buffer.concat(pieces.map((p) => Buffer.from(decryptField(p), 'base64')));
  const encoding = imp.requestedEncoding;
  const parsed: ParsedFile | { code: string; details?: unknown } = await parseImportFile(
    imp.filename,
    bytes,
    encoding,
    imp.columnMap ?? undefined,
    now,
  );
  if ('code' in parsed) {
    await xm.transitionImport(
      imp.importId,
      'received',
      {
        status: 'failed',
        failure: { code: parsed.code, ...('details' in parsed ? { details: parsed.details } : {}) },
        progressAt: now.toISOString(),
      },
      { finished: true },
    );
    logger.info('cross-match import unreadable', { importId: imp.importId, code: parsed.code });
    return;
  }
  const chunks: string[] = [];
  for (let at = 0; at < parsed.rows.length; at += imp.chunkRows) {
    chunks.push(encryptField(JSON.stringify(parsed.rows.slice(at, at + imp.chunkRows))));
  }
  await xm.putChunks(imp.importId, chunks);
  await xm.transitionImport(imp.importId, 'received', {
    status: 'processing',
    format: parsed.format,
    encoding: parsed.encoding,
    columns: Object.keys(parsed.columns).length > 0 ? parsed.columns : null,
    totalRows: parsed.rows.length,
    chunks: chunks.length,
    nextChunk: 0,
    processedRows: 0,
    progressAt: now.toISOString(),
  });
  logger.info('cross-match import parsed', {
    importId: imp.importId,
    rows: parsed.rows.length,
    chunks: chunks.length,
  });
}

/** Processes the chunk the cursor points at; false when there is nothing (more) to do now. */
async function chunkStep(imp: xm.ImportItem, now: Date): Promise<boolean> {
  const n = imp.nextChunk;
  if (imp.chunks === null || n >= imp.chunks) return false;
  const sealed = await xm.getChunk(imp.importId, n);
  if (!sealed) throw new Error(`chunk ${n} of import ${imp.importId} missing`);
  const rows = JSON.parse(decryptField(sealed)) as CheckedRow[];
  const [router, grids] = await Promise.all([
    registryOf(imp.regionCode.slice(0, 4)),
    gridsByVillageOf(imp.regionCode.slice(0, 4)),
  ]);
  const registry = { ...router, grids };
  const lookups = rows
    .filter((r) => !r.invalid && r.duplicateOf === null)
    .flatMap((r) => {
      const h = hashesOf(r);
      return [
        ...(h.id ? [{ kind: 'id' as const, hash: h.id }] : []),
        ...(h.phone ? [{ kind: 'phone' as const, hash: h.phone }] : []),
        ...(h.nameBirth ? [{ kind: 'name-birth' as const, hash: h.nameBirth }] : []),
      ];
    });
  const holders = await findKeyHolders(lookups);
  const items = await pool(rows, LOOKUP_CONCURRENCY, (row) => buildRow(row, imp, registry, holders, now));
  const written = await xm.applyRows(imp.importId, items, (row) => ledgerDelta(row, now));
  const done = n + 1 >= imp.chunks ? { completedAt: now.toISOString() } : null;
  const advanced = await xm.advanceCheckpoint(imp.importId, n, rows.length, done, now.toISOString());
  logger.info('cross-match chunk processed', {
    importId: imp.importId,
    chunk: n,
    rows: rows.length,
    written,
    advanced,
  });
  return advanced && !done;
}

/** One step of an import (its parse, or its next chunk); false when it has nothing (more) to do now. */
async function stepImport(importId: string, now: Date): Promise<boolean> {
  const imp = await xm.getImport(importId, true);
  if (imp?.status === 'received') {
    await parseStep(imp, now);
    return true;
  }
  if (imp?.status !== 'processing') return false;
  return chunkStep(imp, now);
}

/**
 * A stream-triggered run: the imports whose item just changed (parsed, checkpointed, started) take
 * steps in turn until the budget is spent. Each step writes the import item, so the last one
 * triggers the next run: the chain goes on at the speed of the work, not of a schedule. Every
 * import gets at least one step, so none loses its chain to another.
 */
export async function continueImports(
  importIds: readonly string[],
  now: () => Date,
  budgetMs = CHAIN_BUDGET_MS,
): Promise<{ steps: number }> {
  const deadline = Date.now() + budgetMs;
  let steps = 0;
  let going = [...new Set(importIds)];
  for (let round = 0; going.length > 0 && (round === 0 || Date.now() < deadline); round++) {
    const next: string[] = [];
    for (const importId of going) {
      if (round > 0 && Date.now() >= deadline) break;
      if (await stepImport(importId, now())) next.push(importId);
      steps++;
    }
    going = next;
  }
  return { steps };
}

/**
 * The schedule: a backstop for chains that broke (a stream batch given up on, a consumer down).
 * It takes only imports with no step for STALL_MS, oldest first; its first checkpoint write
 * re-arms the chain.
 */
export async function processImports(
  now: Date,
  budgetMs = RUN_BUDGET_MS,
): Promise<{ imports: number; stalled: number; chunks: number; parsed: number }> {
  const deadline = Date.now() + budgetMs;
  let chunks = 0;
  let parsed = 0;
  let stalled = 0;
  const ids = await xm.listActiveImportIds();
  for (const importId of ids) {
    const first = await xm.getImport(importId, true);
    const quietSince = first?.progressAt ?? first?.createdAt;
    if (!first || (quietSince && now.getTime() - new Date(quietSince).getTime() < STALL_MS)) continue;
    stalled++;
    for (let taken = 0; taken < MAX_CHUNKS_PER_RUN && Date.now() < deadline; taken++) {
      const wasParse = (await xm.getImport(importId, true))?.status === 'received';
      const more = await stepImport(importId, now);
      if (wasParse) parsed++;
      else chunks++;
      if (!more || wasParse) break;
    }
    if (Date.now() >= deadline) break;
  }
  return { imports: ids.length, stalled, chunks, parsed };
}

// Registration tasks

function parseTaskId(taskId: string): { importId: string; rowNumber: number } {
  const [, importId = '', row = '0'] = taskId.split('.');
  return { importId, rowNumber: Number(row) };
}

export async function loadOpenRow(principal: Principal, taskId: string): Promise<xm.RowItem> {
  const { importId, rowNumber } = parseTaskId(taskId);
  const row = await xm.getRow(importId, rowNumber);
  if (!row?.route || !isWithinAnyScope(row.route.code, principal.scopes) || principal.role === 'resident') {
    throw new AppError('FORBIDDEN_SCOPE');
  }
  if (row.status !== 'open') throw new AppError('TASK_CLOSED', { locatedPersonId: row.locatedPersonId });
  return row;
}

export async function listGridTasks(
  principal: Principal,
  gridCode: string,
  query: { cursor?: string; limit: number },
) {
  if (!isWithinAnyScope(gridCode, principal.scopes)) throw new AppError('FORBIDDEN_SCOPE');
  const page = await xm.listOpenRows(keys.registrationTasksOfGrid(gridCode), query.cursor, query.limit);
  return { items: page.items.map(toRow), nextCursor: page.nextCursor };
}

export async function listRegionQueue(
  principal: Principal,
  regionCode: string,
  query: { cursor?: string; limit: number },
) {
  if (!isWithinAnyScope(regionCode, principal.scopes)) throw new AppError('FORBIDDEN_SCOPE');
  const page = await xm.listOpenRows(keys.registrationQueueOfRegion(regionCode), query.cursor, query.limit);
  return { items: page.items.map(toRow), nextCursor: page.nextCursor };
}

/** The gridworker found the person (or registered them): the task closes, the ledger counts it. */
export async function linkTask(
  principal: Principal,
  taskId: string,
  personId: string,
  now: Date,
): Promise<ImportRow> {
  const row = await loadOpenRow(principal, taskId);
  await loadPersonInScope(principal, personId);
  const closed = await xm.closeRow(row, {
    personId,
    by: principal.userId,
    at: now.toISOString(),
    minutes: minutesSince(row.importCreatedAt, now),
  });
  if (!closed) throw new AppError('TASK_CLOSED');
  const fresh = await xm.getRow(row.importId, row.rowNumber);
  return toRow(fresh ?? row);
}

/** A centre hands a queued row to one of its grids. */
export async function assignTask(principal: Principal, taskId: string, gridCode: string): Promise<ImportRow> {
  const row = await loadOpenRow(principal, taskId);
  if (row.outcome !== 'queued')
    throw new AppError('INVALID_TRANSITION', { from: row.outcome, action: 'assign' });
  if (!isWithinAnyScope(gridCode, principal.scopes)) throw new AppError('FORBIDDEN_SCOPE');
  if (!(await getGrid(gridCode))) throw new AppError('GRID_UNKNOWN');
  const assigned = await xm.assignRow(row, gridCode, {
    pk: keys.registrationTasksOfGrid(gridCode),
    sk: `${row.importCreatedAt}#${row.importId}#${String(row.rowNumber).padStart(7, '0')}`,
  });
  if (!assigned) throw new AppError('TASK_CLOSED');
  const fresh = await xm.getRow(row.importId, row.rowNumber);
  return toRow(fresh ?? row);
}

/** A person was registered: open rows naming the same ID number close (stream consumer; repeatable). */
export async function closeRowsForRegisteredPerson(
  person: { personId: string; idHash: string },
  now: Date,
): Promise<number> {
  let closed = 0;
  for (const ref of await xm.findOpenRowKeysByIdHash(person.idHash)) {
    const row = await xm.getRow(ref.importId, ref.rowNumber);
    if (row?.status !== 'open') continue;
    const ok = await xm.closeRow(row, {
      personId: person.personId,
      by: 'registration',
      at: now.toISOString(),
      minutes: minutesSince(row.importCreatedAt, now),
    });
    if (ok) closed++;
  }
  return closed;
}
