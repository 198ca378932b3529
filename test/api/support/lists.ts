/**
 * Police / health / rail lists as they arrive: CSV in UTF-8 or GBK, xlsx with a title line, and
 * the usual mess (full-width digits, lower-case x, +86 phones, loosely written addresses).
 */
import { randomInt } from 'node:crypto';
import { makeIdNumber } from '@grid/shared';
import ExcelJS from 'exceljs';

let gbkTable: Map<string, number[]> | undefined;

/**
 * GBK bytes of a text, without iconv: the reverse of Node's own GBK decoder over every two-byte
 * sequence (lead 0x81–0xFE, trail 0x40–0xFE but 0x7F). ASCII stays one byte.
 */
export function encodeGbk(text: string): Uint8Array {
  if (!gbkTable) {
    gbkTable = new Map();
    const decoder = new TextDecoder('gbk');
    for (let lead = 0x81; lead <= 0xfe; lead++) {
      for (let trail = 0x40; trail <= 0xfe; trail++) {
        if (trail === 0x7f) continue;
        const ch = decoder.decode(new Uint8Array([lead, trail]));
        if (ch.length === 1 && ch !== '\uFFFD' && !gbkTable.has(ch)) gbkTable.set(ch, [lead, trail]);
      }
    }
  }
  const out: number[] = [];
  for (const ch of text) {
    const code = ch.codePointAt(0) ?? 0;
    if (code < 0x80) out.push(code);
    else {
      const bytes = gbkTable.get(ch);
      if (!bytes) throw new Error(`no GBK code for ${ch}`);
      out.push(...bytes);
    }
  }
  return Uint8Array.from(out);
}

export function toCsv(rows: readonly (readonly string[])[]): string {
  const cell = (v: string) => (/[",\r\n]/.test(v) ? `"${v.replaceAll('"', '""')}"` : v);
  return `${rows.map((r) => r.map(cell).join(',')).join('\r\n')}\r\n`;
}

export const base64 = (bytes: Uint8Array | string) =>
  Buffer.from(typeof bytes === 'string' ? Buffer.from(bytes, 'utf8') : bytes).toString('base64');

/** An xlsx workbook with a title line above the header, as exported lists often have. */
export async function toXlsx(
  rows: readonly (readonly string[])[],
  title = '外地来东人员名单',
): Promise<string> {
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet('名单');
  sheet.addRow([title]);
  for (const row of rows) sheet.addRow([...row]);
  const buffer = await workbook.xlsx.writeBuffer();
  return Buffer.from(buffer as ArrayBuffer).toString('base64');
}

/** Digits (and X) in full width, as typed with a Chinese IME. */
export const fullWidth = (s: string) =>
  s.replace(/[0-9A-Za-z]/g, (ch) => String.fromCharCode(ch.charCodeAt(0) + 0xfee0));

/** A valid ID number from 东营区 (or the county given) whose check digit is X. */
export function idEndingInX(county = '370502'): string {
  for (;;) {
    const id = makeIdNumber(
      county,
      `${randomInt(1950, 2010)}-0${randomInt(1, 10)}-1${randomInt(0, 10)}`,
      String(randomInt(0, 1000)).padStart(3, '0'),
    );
    if (id.endsWith('X')) return id;
  }
}

/** The same ID number with one digit of the sequence changed and a correct check digit again. */
export function typoOf(id: string): string {
  const seq = id.slice(14, 17);
  const digit = (Number(seq[2]) + 1) % 10;
  return makeIdNumber(
    id.slice(0, 6),
    `${id.slice(6, 10)}-${id.slice(10, 12)}-${id.slice(12, 14)}`,
    `${seq.slice(0, 2)}${digit}`,
  );
}
