/**
 * Uploading a list to cross-match: the whole file in the request, or in parts (create, put each
 * part, start). The upload is stored first (sealed pieces), so once the import exists its file is
 * there to parse (again, after a failure: reparseImport).
 */
import { createHash } from 'node:crypto';
import {
  type CreateImportRequest,
  type Import,
  type ImportPart,
  isWithinAnyScope,
  levelOf,
  MAX_IMPORT_BYTES,
} from '@grid/shared';
import type { Principal } from '../../../lib/auth/tokens';
import { encryptField } from '../../../lib/crypto/personal-data';
import { AppError } from '../../../lib/errors';
import { newId } from '../../../lib/ids';
import { logger } from '../../../lib/middleware/logger';
import { getImport, type ImportItem, putImport, transitionImport, type UploadPart } from '../entities/import';
import { listUploadParts, putUploadPart } from '../entities/upload-part';
import { putUploadPieces } from '../entities/upload-piece';
import { getImportView, loadImportInScope, toImport } from './cross-match-view';

/** Bytes of file per stored piece: sealed and base64-encoded it stays under 350 KB per item. */
const UPLOAD_PIECE_BYTES = 180_000;

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

/** A new import, and whether it waits for its parts (no content in the request) or is processing. */
export interface CreatedImport {
  import: Import;
  waitsForParts: boolean;
}

/**
 * The whole file in the request (processing starts), or no content: the import then waits in
 * `uploading` for its parts and starts with `startImport`.
 */
export async function createImport(
  principal: Principal,
  input: CreateImportRequest,
  now: Date,
): Promise<CreatedImport> {
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

  const importId = newId(now);
  const pieces = sealPieces(bytes);
  // The upload first: once the import item exists, its file is there to read again.
  await putUploadPieces(importId, pieces);
  const item: ImportItem = {
    type: 'XM_IMPORT',
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
  await putImport(item, { active: !inParts });
  logger.info('cross-match import stored', {
    importId,
    bytes: bytes.length,
    source: input.source,
    inParts,
  });
  return { import: toImport(item, [], new Map(), []), waitsForParts: inParts };
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
  const part: UploadPart = {
    partNumber,
    bytes: bytes.length,
    sha256: sha256Of(bytes),
    pieces: Math.ceil(bytes.length / UPLOAD_PIECE_BYTES),
  };
  const answer = { importId, partNumber, bytes: part.bytes, sha256: part.sha256 };
  const same = (p: UploadPart) => p.partNumber === partNumber && p.sha256 === part.sha256;
  if (imp.status !== 'uploading') {
    // A retry of a part that arrived before the start: the same answer.
    if (imp.parts?.some(same)) return answer;
    throw new AppError('IMPORT_NOT_UPLOADING', { status: imp.status });
  }
  if ((await listUploadParts(importId)).some(same)) return answer;
  if (!(await putUploadPart(importId, part, sealPieces(bytes)))) {
    const fresh = await getImport(importId, true);
    if (fresh?.parts?.some(same)) return answer;
    throw new AppError('IMPORT_NOT_UPLOADING', { status: fresh?.status });
  }
  return answer;
}

/** All parts 1…n are there: the import is pinned to them and processing starts. */
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
  const received = await listUploadParts(importId);
  const numbers = new Set(received.map((p) => p.partNumber));
  const missing = Array.from({ length: parts }, (_, i) => i + 1).filter((n) => !numbers.has(n));
  const unexpected = [...numbers].filter((n) => n > parts);
  if (missing.length > 0 || unexpected.length > 0)
    throw new AppError('IMPORT_PARTS_MISSING', { missing, unexpected });
  const bytes = received.reduce((sum, p) => sum + p.bytes, 0);
  if (bytes > MAX_IMPORT_BYTES) throw new AppError('IMPORT_FILE_TOO_LARGE', { bytes, max: MAX_IMPORT_BYTES });
  const moved = await transitionImport(
    importId,
    'uploading',
    { status: 'received', parts: received, bytes, progressAt: now.toISOString() },
    { reactivate: { createdAt: imp.createdAt } },
  );
  if (!moved) {
    const fresh = await getImport(importId, true);
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
  now: Date,
): Promise<Import> {
  const item = await loadImportInScope(principal, importId);
  if (item.status !== 'failed') throw new AppError('IMPORT_NOT_REPARSABLE', { status: item.status });
  // An expired upload has no file left to parse.
  if (item.failure?.code === 'IMPORT_UPLOAD_EXPIRED')
    throw new AppError('IMPORT_NOT_REPARSABLE', { status: item.status, failure: item.failure.code });
  const moved = await transitionImport(
    importId,
    'failed',
    {
      status: 'received',
      failure: null,
      columnMap: Object.keys(input.columnMap).length > 0 ? input.columnMap : null,
      requestedEncoding: input.encoding ?? item.requestedEncoding,
      progressAt: now.toISOString(),
    },
    { reactivate: { createdAt: item.createdAt } },
  );
  if (!moved) throw new AppError('IMPORT_NOT_REPARSABLE');
  return getImportView(principal, importId);
}
