/**
 * The stored upload: sealed pieces of at most 180 KB of file each (`XM_RAW`), in the import's
 * partition. An upload in one request has pieces `RAW#n`; a part of an upload in parts has its own
 * pieces keyed by the part's hash, so a part sent again with other bytes never mixes with them.
 */
import * as z from 'zod';
import { batchGet, batchWrite } from '../../../lib/dynamo/batch';
import { parseItems } from '../../../lib/dynamo/parse-item';
import { importKeys, type UploadPart } from './import';

export const uploadPieceItemSchema = z.lazy(() => z.object({ type: z.literal('XM_RAW'), data: z.string() }));

const pad = (n: number, width: number) => String(n).padStart(width, '0');

export const uploadPieceKeys = {
  /** A piece of an upload in one request. */
  whole: (importId: string, n: number) => ({ pk: importKeys.partition(importId), sk: `RAW#${pad(n, 4)}` }),
  /** A piece of one version of a part. */
  ofPart: (importId: string, partNumber: number, sha256: string, n: number) => ({
    pk: importKeys.partition(importId),
    sk: `PARTRAW#${pad(partNumber, 3)}#${sha256.slice(0, 16)}#${pad(n, 4)}`,
  }),
};

async function putPieces(keysOf: (n: number) => { pk: string; sk: string }, pieces: string[]): Promise<void> {
  await batchWrite(
    pieces.map((data, n) => ({ PutRequest: { Item: { ...keysOf(n), type: 'XM_RAW', data } } })),
  );
}

/** The pieces' data in key order (BatchGet answers in any order). */
async function getPieces(wanted: Array<{ pk: string; sk: string }>): Promise<string[]> {
  const items = await batchGet<Record<string, unknown>>(wanted);
  if (items.length !== wanted.length) throw new Error('upload pieces missing');
  items.sort((a, b) => String(a.sk).localeCompare(String(b.sk)));
  return parseItems(uploadPieceItemSchema, items).map((i) => i.data);
}

export function putUploadPieces(importId: string, pieces: string[]): Promise<void> {
  return putPieces((n) => uploadPieceKeys.whole(importId, n), pieces);
}

export function getUploadPieces(importId: string, count: number): Promise<string[]> {
  return getPieces(Array.from({ length: count }, (_, n) => uploadPieceKeys.whole(importId, n)));
}

export function putPartPieces(importId: string, part: UploadPart, pieces: string[]): Promise<void> {
  return putPieces((n) => uploadPieceKeys.ofPart(importId, part.partNumber, part.sha256, n), pieces);
}

/** The sealed pieces of the parts an import was started with, in file order. */
export function getPartPieces(importId: string, parts: readonly UploadPart[]): Promise<string[]> {
  return getPieces(
    parts.flatMap((p) =>
      Array.from({ length: p.pieces }, (_, n) => uploadPieceKeys.ofPart(importId, p.partNumber, p.sha256, n)),
    ),
  );
}
