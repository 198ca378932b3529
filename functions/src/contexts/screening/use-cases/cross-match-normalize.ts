/**
 * Pure rules for reading police / health / rail lists: text clean-up, headers, dates, encodings,
 * and the checks of one row. No I/O here, so they are unit-tested directly.
 */
import {
  type ColumnMap,
  type ImportField,
  isLocalDate,
  isMainlandMobile,
  localDate,
  normalizeIdNumber,
  normalizePhone,
  type RowIssueCode,
  validateIdNumber,
} from '@grid/shared';

/** Full-width ASCII (ＡＢＣ１２３，ideographic space) to half-width; other characters untouched. */
export function toHalfWidth(text: string): string {
  return text
    .replace(/[\uFF01-\uFF5E]/g, (ch) => String.fromCharCode(ch.charCodeAt(0) - 0xfee0))
    .replace(/\u3000/g, ' ');
}

/** Trims, half-width, collapses runs of white space (tabs, NBSP, zero-width) to one space. */
export function cleanText(raw: string): string {
  return toHalfWidth(raw)
    .replace(/[\u200B-\u200D\uFEFF]/g, '')
    .replace(/[\s\u00A0]+/g, ' ')
    .trim();
}

/** Chinese names carry no spaces; minority names' separator dots vary by keyboard. */
export function normalizeName(raw: string): string {
  return cleanText(raw)
    .replace(/\s+/g, '')
    .replace(/[•・‧∙·．.]/g, '·');
}

export function normalizeRowIdNumber(raw: string): string {
  return normalizeIdNumber(toHalfWidth(raw)).replace(/[^0-9X]/g, '');
}

/** Mobile numbers written with +86 / 0086 / 86, spaces, dashes, brackets, full-width digits. */
export function normalizeRowPhone(raw: string): string {
  const compact = toHalfWidth(raw).replace(/[\s()\-.]/g, '');
  return normalizePhone(compact.replace(/^\+?0{0,2}86(?=1\d{10}$)/, ''));
}

const HEADER_SYNONYMS: Record<ImportField, readonly string[]> = {
  name: ['姓名', '名字', '人员姓名', '旅客姓名', 'name', 'fullname'],
  idNumber: [
    '身份证号',
    '身份证号码',
    '身份证',
    '公民身份号码',
    '证件号码',
    '证件号',
    'idnumber',
    'idno',
    'idcard',
    'idcardnumber',
    'id',
  ],
  phone: [
    '手机号',
    '手机号码',
    '手机',
    '联系电话',
    '电话',
    '联系方式',
    'phone',
    'mobile',
    'tel',
    'phonenumber',
    'mobilephone',
  ],
  origin: [
    '来源地',
    '来源',
    '来自',
    '出发地',
    '来源地区',
    '始发地',
    'origin',
    'from',
    'sourceplace',
    'comefrom',
  ],
  arrivalDate: [
    '到达日期',
    '抵达日期',
    '到达时间',
    '抵达时间',
    '返回日期',
    '来东日期',
    '抵东日期',
    'arrivaldate',
    'arrival',
    'arrivedon',
    'arrived',
  ],
  address: [
    '现住址',
    '现居住地址',
    '现住地址',
    '居住地址',
    '住址',
    '地址',
    '现居地',
    '详细地址',
    'address',
    'currentaddress',
    'residence',
    'homeaddress',
  ],
};

export function normalizeHeader(raw: string): string {
  return cleanText(raw)
    .toLowerCase()
    .replace(/[（(][^）)]*[）)]/g, '')
    .replace(/[\s_\-*:：]/g, '');
}

const HEADER_LOOKUP = new Map<string, ImportField>(
  Object.entries(HEADER_SYNONYMS).flatMap(([field, names]) =>
    names.map((n) => [normalizeHeader(n), field as ImportField] as const),
  ),
);

export type ColumnIndex = Partial<Record<ImportField, number>>;

/** Columns found in one header row: synonyms first, then the caller's map (which wins). */
export function mapColumns(header: readonly string[], columnMap: ColumnMap = {}): ColumnIndex {
  const found: ColumnIndex = {};
  header.forEach((cell, i) => {
    const field = HEADER_LOOKUP.get(normalizeHeader(cell));
    if (field && found[field] === undefined) found[field] = i;
  });
  for (const [field, ref] of Object.entries(columnMap) as Array<[ImportField, string | number]>) {
    if (typeof ref === 'number') {
      if (ref <= header.length) found[field] = ref - 1;
    } else {
      const at = header.findIndex((h) => normalizeHeader(h) === normalizeHeader(ref));
      if (at >= 0) found[field] = at;
    }
  }
  return found;
}

/** Fields without which no row can be matched. */
export function missingColumns(columns: ColumnIndex): ImportField[] {
  const missing: ImportField[] = [];
  if (columns.name === undefined) missing.push('name');
  if (columns.idNumber === undefined && columns.phone === undefined) missing.push('idNumber', 'phone');
  return missing;
}

/**
 * The header is the first of the first 10 rows naming at least two known columns (lists often open
 * with a title line); with a column map, the first non-empty row.
 */
export function findHeaderRow(rows: readonly string[][], columnMap?: ColumnMap): number {
  for (let i = 0; i < Math.min(rows.length, 10); i++) {
    const known = (rows[i] ?? []).filter((c) => HEADER_LOOKUP.has(normalizeHeader(c))).length;
    if (known >= 2) return i;
  }
  if (columnMap && Object.keys(columnMap).length > 0) {
    return rows.findIndex((r) => r.some((c) => c.trim() !== ''));
  }
  return -1;
}

export type DateCheck = { ok: true; date: string } | { ok: false; code: 'DATE_INVALID' | 'DATE_IN_FUTURE' };

/**
 * Dates as people type them: 2024-01-23, 2024/1/23, 2024.1.23, 2024年1月23日, 20240123, or an
 * Excel serial day number. A date after today (Shanghai) is refused.
 */
export function parseLooseDate(raw: string, now: Date): DateCheck {
  const text =
    cleanText(raw)
      .replace(/\s*([-/.年月])\s*/g, '$1')
      .split(/[\sT]/)[0] ?? '';
  let y: number;
  let m: number;
  let d: number;
  const parts = /^(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})日?$/.exec(text);
  const compact = /^(\d{4})(\d{2})(\d{2})$/.exec(text);
  if (parts) [y, m, d] = [Number(parts[1]), Number(parts[2]), Number(parts[3])];
  else if (compact) [y, m, d] = [Number(compact[1]), Number(compact[2]), Number(compact[3])];
  else if (/^\d{5}(\.\d+)?$/.test(text)) {
    // Excel's day 1 is 1900-01-01, with its phantom 1900-02-29: serial 25569 is 1970-01-01.
    const serial = Math.floor(Number(text));
    if (serial < 20_000 || serial > 80_000) return { ok: false, code: 'DATE_INVALID' };
    const date = new Date((serial - 25_569) * 86_400_000).toISOString().slice(0, 10);
    return date > localDate(now) ? { ok: false, code: 'DATE_IN_FUTURE' } : { ok: true, date };
  } else return { ok: false, code: 'DATE_INVALID' };
  const date = `${y}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
  if (!isLocalDate(date) || y < 1900) return { ok: false, code: 'DATE_INVALID' };
  if (date > localDate(now)) return { ok: false, code: 'DATE_IN_FUTURE' };
  return { ok: true, date };
}

export type DetectedEncoding = 'utf-8' | 'gbk';

/**
 * A BOM or valid UTF-8 means UTF-8; otherwise valid GB18030 (a superset of GBK) means GBK; else
 * null. Valid GBK text of any length is almost never also valid UTF-8, so the order is safe.
 */
export function detectEncoding(bytes: Uint8Array): DetectedEncoding | null {
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) return 'utf-8';
  if (canDecode('utf-8', bytes)) return 'utf-8';
  if (canDecode('gb18030', bytes)) return 'gbk';
  return null;
}

function canDecode(label: string, bytes: Uint8Array): boolean {
  try {
    new TextDecoder(label, { fatal: true }).decode(bytes);
    return true;
  } catch {
    return false;
  }
}

export function decodeText(bytes: Uint8Array, encoding: DetectedEncoding): string | null {
  try {
    // gb18030 decodes all of GBK and the characters GBK lacks.
    return new TextDecoder(encoding === 'gbk' ? 'gb18030' : 'utf-8', { fatal: true }).decode(bytes);
  } catch {
    return null;
  }
}

export interface RawRow {
  rowNumber: number;
  cells: Partial<Record<ImportField, string>>;
}

/** One row, cleaned and checked. Personal fields are plain here; they are sealed before storing. */
export interface CheckedRow {
  rowNumber: number;
  name: string;
  idNumber: string | null;
  /** A number that failed its check, kept (sealed later) for the gridworker and typo matching. */
  invalidIdNumber: string | null;
  phone: string | null;
  /** From the ID number; also from an invalid one whose date digits make a real date. */
  birthDate: string | null;
  origin: string | null;
  arrivalDate: string | null;
  address: string | null;
  issues: Array<{ code: RowIssueCode; detail?: string }>;
  /** Neither matchable nor routable as a person: reported, not routed. */
  invalid: boolean;
  duplicateOf: number | null;
}

const clip = (text: string, max: number) => (text.length > max ? text.slice(0, max) : text);

export function checkRow(row: RawRow, now: Date): CheckedRow {
  const issues: CheckedRow['issues'] = [];
  const name = clip(normalizeName(row.cells.name ?? ''), 30);
  if (!name) issues.push({ code: 'NAME_MISSING' });

  let idNumber: string | null = null;
  let invalidIdNumber: string | null = null;
  let birthDate: string | null = null;
  const rawId = row.cells.idNumber?.trim() ?? '';
  if (rawId) {
    const id = normalizeRowIdNumber(rawId);
    const check = validateIdNumber(id, now);
    if (check.ok) {
      idNumber = id;
      birthDate = check.birthDate;
    } else {
      issues.push({ code: 'ID_NUMBER_INVALID', detail: check.reason });
      invalidIdNumber = id.slice(0, 18);
      const digits = `${id.slice(6, 10)}-${id.slice(10, 12)}-${id.slice(12, 14)}`;
      if (id.length === 18 && isLocalDate(digits) && digits >= '1900-01-01' && digits <= localDate(now))
        birthDate = digits;
    }
  }

  let phone: string | null = null;
  const rawPhone = row.cells.phone?.trim() ?? '';
  if (rawPhone) {
    const p = normalizeRowPhone(rawPhone);
    if (isMainlandMobile(p)) phone = p;
    else issues.push({ code: 'PHONE_INVALID' });
  }
  // A mistyped ID number still gives a birth date: with the name, enough to find or register someone.
  const identifiable = idNumber !== null || phone !== null || birthDate !== null;
  if (!identifiable) issues.push({ code: 'IDENTITY_MISSING' });

  let arrivalDate: string | null = null;
  const rawDate = row.cells.arrivalDate?.trim() ?? '';
  if (rawDate) {
    const check = parseLooseDate(rawDate, now);
    if (check.ok) arrivalDate = check.date;
    else issues.push({ code: check.code });
  }

  const text = (v: string | undefined, max: number) => {
    const t = cleanText(v ?? '');
    return t ? clip(t, max) : null;
  };
  return {
    rowNumber: row.rowNumber,
    name,
    idNumber,
    invalidIdNumber,
    phone,
    birthDate,
    origin: text(row.cells.origin, 100),
    arrivalDate,
    address: text(row.cells.address, 200),
    issues,
    invalid: !name || !identifiable,
    duplicateOf: null,
  };
}

/** The identity a row stands for within one file: its ID number, else its name and phone. */
function rowIdentity(row: CheckedRow): string | null {
  if (row.invalid) return null;
  if (row.idNumber) return `id:${row.idNumber}`;
  if (row.phone) return `np:${row.name}|${row.phone}`;
  return row.invalidIdNumber ? `nb:${row.name}|${row.invalidIdNumber}` : null;
}

/** Marks each later row naming the same person as a duplicate of the first. */
export function markDuplicates(rows: CheckedRow[]): void {
  const first = new Map<string, number>();
  for (const row of rows) {
    const key = rowIdentity(row);
    if (!key) continue;
    const earlier = first.get(key);
    if (earlier === undefined) first.set(key, row.rowNumber);
    else {
      row.duplicateOf = earlier;
      row.issues.push({ code: 'DUPLICATE_ROW', detail: String(earlier) });
    }
  }
}
