/**
 * Reads an uploaded list (xlsx, or csv/txt in UTF-8 or GBK) into rows of cell texts, then into
 * checked rows. Whole-file failures are returned as a code, never thrown, so the upload is kept
 * and the import reports why.
 */
import type { ColumnMap, ImportField } from '@grid/shared';
import { readXlsx } from '../../../lib/xlsx';
import {
  type CheckedRow,
  checkRow,
  type DetectedEncoding,
  decodeText,
  detectEncoding,
  findHeaderRow,
  mapColumns,
  markDuplicates,
  missingColumns,
} from './cross-match-normalize';

export type FileFormat = 'csv' | 'xlsx' | 'unknown';

export type FileFailure =
  | { code: 'IMPORT_ENCODING_UNKNOWN' }
  | { code: 'IMPORT_FORMAT_UNSUPPORTED'; details: { format: string } }
  | { code: 'IMPORT_FILE_UNREADABLE' }
  | { code: 'IMPORT_COLUMNS_MISSING'; details: { missing: ImportField[]; headers: string[] } }
  | { code: 'IMPORT_NO_ROWS' };

export interface ParsedFile {
  format: FileFormat;
  encoding: DetectedEncoding | null;
  /** Field → the header text it was read from. */
  columns: Partial<Record<ImportField, string>>;
  rows: CheckedRow[];
}

export function formatOf(filename: string, bytes: Uint8Array): FileFormat | 'xls' {
  if (bytes[0] === 0x50 && bytes[1] === 0x4b && bytes[2] === 0x03 && bytes[3] === 0x04) return 'xlsx';
  // The old binary Excel format (OLE2 compound file): exceljs cannot read it.
  if (bytes[0] === 0xd0 && bytes[1] === 0xcf && bytes[2] === 0x11 && bytes[3] === 0xe0) return 'xls';
  const lower = filename.toLowerCase();
  if (lower.endsWith('.xlsx')) return 'xlsx';
  return 'csv';
}

/** RFC 4180 with the delimiter guessed from the first line (comma, tab, semicolon). */
export function parseCsv(text: string): string[][] {
  const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  const firstLine = body.slice(0, body.search(/\r?\n|$/));
  const counts = [',', '\t', ';'].map((d) => [d, firstLine.split(d).length] as const);
  const delimiter = counts.reduce((best, c) => (c[1] > best[1] ? c : best))[0];
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < body.length; i++) {
    const ch = body[i]!;
    if (quoted) {
      if (ch === '"' && body[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else cell += ch;
    } else if (ch === '"' && cell === '') quoted = true;
    else if (ch === delimiter) {
      row.push(cell);
      cell = '';
    } else if (ch === '\n' || ch === '\r') {
      if (ch === '\r' && body[i + 1] === '\n') i++;
      row.push(cell);
      rows.push(row);
      row = [];
      cell = '';
    } else cell += ch;
  }
  if (cell !== '' || row.length > 0) {
    row.push(cell);
    rows.push(row);
  }
  return rows;
}

export async function readTable(
  filename: string,
  bytes: Uint8Array,
  encoding: 'auto' | DetectedEncoding,
): Promise<{ format: FileFormat; encoding: DetectedEncoding | null; table: string[][] } | FileFailure> {
  const format = formatOf(filename, bytes);
  if (format === 'xls') return { code: 'IMPORT_FORMAT_UNSUPPORTED', details: { format: 'xls' } };
  if (format === 'xlsx') {
    const table = await readXlsx(bytes);
    return table ? { format, encoding: null, table } : { code: 'IMPORT_FILE_UNREADABLE' };
  }
  const detected = encoding === 'auto' ? detectEncoding(bytes) : encoding;
  const text = detected ? decodeText(bytes, detected) : null;
  if (!detected || text === null) return { code: 'IMPORT_ENCODING_UNKNOWN' };
  return { format, encoding: detected, table: parseCsv(text) };
}

/** The whole file to checked rows (row numbers as in the file, 1-based), or why it cannot be read. */
export async function parseImportFile(
  filename: string,
  bytes: Uint8Array,
  encoding: 'auto' | DetectedEncoding,
  columnMap: ColumnMap | undefined,
  now: Date,
): Promise<ParsedFile | FileFailure> {
  const read = await readTable(filename, bytes, encoding);
  if ('code' in read) return read;
  const headerAt = findHeaderRow(read.table, columnMap);
  const header = headerAt >= 0 ? (read.table[headerAt] ?? []) : (read.table.find((r) => r.length > 0) ?? []);
  const index = mapColumns(header, columnMap);
  const missing = missingColumns(index);
  if (headerAt < 0 || missing.length > 0) {
    return {
      code: 'IMPORT_COLUMNS_MISSING',
      details: { missing: missing.length > 0 ? missing : ['name'], headers: header.slice(0, 30) },
    };
  }
  const rows: CheckedRow[] = [];
  for (let r = headerAt + 1; r < read.table.length; r++) {
    const cells = read.table[r] ?? [];
    if (cells.every((c) => c.trim() === '')) continue;
    const picked: Partial<Record<ImportField, string>> = {};
    for (const [field, at] of Object.entries(index) as Array<[ImportField, number]>)
      picked[field] = cells[at] ?? '';
    rows.push(checkRow({ rowNumber: r + 1, cells: picked }, now));
  }
  if (rows.length === 0) return { code: 'IMPORT_NO_ROWS' };
  markDuplicates(rows);
  const columns: Partial<Record<ImportField, string>> = {};
  for (const [field, at] of Object.entries(index) as Array<[ImportField, number]>) {
    columns[field] = header[at] ?? `#${at + 1}`;
  }
  return { format: read.format, encoding: read.encoding, columns, rows };
}
