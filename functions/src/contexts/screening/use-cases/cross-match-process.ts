/**
 * Processing imports: the stored upload is parsed once into sealed chunks, then one chunk of rows
 * is processed per step. Row writes are conditional and carry their ledger counts; the cursor moves
 * by a conditional update, so a step repeated after a crash applies nothing twice. Steps chain on
 * the import item's stream (continueImports); the schedule takes up chains that went quiet.
 */
import { cityOf } from '@grid/shared';
import { decryptField, encryptField } from '../../../lib/crypto/personal-data';
import { mapLimit } from '../../../lib/map-limit';
import { logger } from '../../../lib/middleware/logger';
import { findKeyHolders } from '../../households/entities/person-key';
import {
  advanceCheckpoint,
  getImport,
  type ImportItem,
  listActiveImportIds,
  transitionImport,
} from '../entities/import';
import { getChunk, putChunks } from '../entities/import-chunk';
import { applyRows } from '../entities/import-row';
import { getPartPieces, getUploadPieces } from '../entities/upload-piece';
import { type FileFailure, type ParsedFile, parseImportFile } from './cross-match-file';
import type { CheckedRow } from './cross-match-normalize';
import { gridsByVillageOf, registryOf } from './cross-match-registry';
import { buildRow, hashesOf, ledgerDelta } from './cross-match-rows';

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

async function parseStep(imp: ImportItem, now: Date): Promise<void> {
  const pieces = imp.parts
    ? await getPartPieces(imp.importId, imp.parts)
    : await getUploadPieces(imp.importId, imp.uploadPieces);
  const bytes = Buffer.concat(pieces.map((p) => Buffer.from(decryptField(p), 'base64')));
  const encoding = imp.requestedEncoding;
  const parsed: ParsedFile | FileFailure = await parseImportFile(
    imp.filename,
    bytes,
    encoding,
    imp.columnMap ?? undefined,
    now,
  );
  if ('code' in parsed) {
    await transitionImport(
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
  await putChunks(imp.importId, chunks);
  await transitionImport(imp.importId, 'received', {
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
async function chunkStep(imp: ImportItem, now: Date): Promise<boolean> {
  const n = imp.nextChunk;
  if (imp.chunks === null || n >= imp.chunks) return false;
  const sealed = await getChunk(imp.importId, n);
  if (!sealed) throw new Error(`chunk ${n} of import ${imp.importId} missing`);
  const rows = JSON.parse(decryptField(sealed)) as CheckedRow[];
  const [router, grids] = await Promise.all([
    registryOf(cityOf(imp.regionCode)),
    gridsByVillageOf(cityOf(imp.regionCode)),
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
  const items = await mapLimit(rows, LOOKUP_CONCURRENCY, (row) => buildRow(row, imp, registry, holders, now));
  const written = await applyRows(imp.importId, items, (row) => ledgerDelta(row, now));
  const done = n + 1 >= imp.chunks ? { completedAt: now.toISOString() } : null;
  const advanced = await advanceCheckpoint(imp.importId, n, rows.length, done, now.toISOString());
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
  const imp = await getImport(importId, true);
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
  const ids = await listActiveImportIds();
  for (const importId of ids) {
    const first = await getImport(importId, true);
    const quietSince = first?.progressAt ?? first?.createdAt;
    if (!first || (quietSince && now.getTime() - new Date(quietSince).getTime() < STALL_MS)) continue;
    stalled++;
    for (let taken = 0; taken < MAX_CHUNKS_PER_RUN && Date.now() < deadline; taken++) {
      const wasParse = (await getImport(importId, true))?.status === 'received';
      const more = await stepImport(importId, now);
      if (wasParse) parsed++;
      else chunks++;
      if (!more || wasParse) break;
    }
    if (Date.now() >= deadline) break;
  }
  return { imports: ids.length, stalled, chunks, parsed };
}
