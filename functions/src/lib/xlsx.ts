/**
 * The one place the backend touches Excel files. Use cases build a workbook model (sheets of rows)
 * or take a table of cell texts; this module turns a model into a file and a file into a table.
 *
 * exceljs (≈1 MB with its dependencies) is imported only inside the functions that read or write
 * a file (`await import('exceljs')`), never at module load: a function that imports this module
 * pays for the library only when it actually writes or reads a workbook, not at cold start.
 */
// Types only here: erased at build time, so they load nothing.
import type ExcelJS from 'exceljs';

export type XlsxCell = string | number;

export interface XlsxColumn {
  header: string;
  /** In characters, as Excel counts column widths. */
  width: number;
}

/** One sheet: a merged title line, a bold frozen header line, then the rows. */
export interface XlsxSheet {
  name: string;
  title: string;
  columns: XlsxColumn[];
  rows: XlsxCell[][];
  /** A closing line in bold (a total). */
  footer?: XlsxCell[];
}

export interface XlsxWorkbook {
  creator: string;
  created: Date;
  sheets: XlsxSheet[];
}

function addSheet(workbook: ExcelJS.Workbook, model: XlsxSheet): void {
  const { columns } = model;
  const sheet = workbook.addWorksheet(model.name, { views: [{ state: 'frozen', ySplit: 2 }] });
  sheet.columns = columns.map((c) => ({ width: c.width }));
  sheet.mergeCells(1, 1, 1, Math.max(columns.length, 1));
  const titleCell = sheet.getCell(1, 1);
  titleCell.value = model.title;
  titleCell.font = { bold: true, size: 14 };
  titleCell.alignment = { horizontal: 'center' };
  const header = sheet.getRow(2);
  header.values = columns.map((c) => c.header);
  header.font = { bold: true };
  header.alignment = { horizontal: 'center', vertical: 'middle', wrapText: true };
  header.eachCell((cell) => {
    cell.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFDDEBF7' } };
    cell.border = { bottom: { style: 'thin' } };
  });
  for (const row of model.rows) sheet.addRow(row);
  if (model.footer) sheet.addRow(model.footer).font = { bold: true };
}

/** The workbook model as an xlsx file. */
export async function writeXlsx(model: XlsxWorkbook): Promise<Buffer> {
  const { default: excel } = await import('exceljs');
  const workbook = new excel.Workbook();
  workbook.creator = model.creator;
  workbook.created = model.created;
  for (const sheet of model.sheets) addSheet(workbook, sheet);
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

function cellText(value: ExcelJS.CellValue): string {
  if (value === null || value === undefined) return '';
  if (value instanceof Date) return value.toISOString().slice(0, 10);
  if (typeof value === 'number') {
    // An 18-digit ID typed as a number has lost its last digits: let validation report it.
    return Number.isSafeInteger(value) ? String(value) : value.toPrecision(15);
  }
  if (typeof value === 'string' || typeof value === 'boolean') return String(value);
  if ('richText' in value) return value.richText.map((r) => r.text).join('');
  if ('result' in value) return cellText(value.result as ExcelJS.CellValue);
  if ('text' in value) return String(value.text);
  return '';
}

/**
 * The first non-empty sheet of an xlsx file as rows of cell texts (row i of the sheet at index i);
 * null when the bytes are not a workbook exceljs can read.
 */
export async function readXlsx(bytes: Uint8Array): Promise<string[][] | null> {
  const { default: excel } = await import('exceljs');
  const workbook = new excel.Workbook();
  try {
    await workbook.xlsx.load(Buffer.from(bytes) as unknown as ArrayBuffer);
  } catch {
    return null;
  }
  const sheet = workbook.worksheets.find((ws) => ws.actualRowCount > 0);
  if (!sheet) return [];
  const rows: string[][] = [];
  sheet.eachRow({ includeEmpty: true }, (row, rowNumber) => {
    const values = row.values as ExcelJS.CellValue[];
    rows[rowNumber - 1] = values.slice(1).map(cellText);
  });
  return Array.from(rows, (r) => r ?? []);
}
