import * as z from 'zod';
import { isLocalDate, localDate } from './time';

export type IdNumberCheck =
  | { ok: true; birthDate: string; regionCode: string; sex: 'male' | 'female' }
  | { ok: false; reason: 'FORMAT' | 'REGION' | 'BIRTH_DATE' | 'CHECK_DIGIT' };

const CHECK_WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2] as const;
const CHECK_DIGITS = '10X98765432';
const PROVINCE_CODES = new Set(
  [
    '11 12 13 14 15',
    '21 22 23',
    '31 32 33 34 35 36 37',
    '41 42 43 44 45 46',
    '50 51 52 53 54',
    '61 62 63 64 65',
    '71 81 82',
  ]
    .join(' ')
    .split(' '),
);
const EARLIEST_BIRTH_DATE = '1900-01-01';
const ID_NUMBER_PATTERN = /^\d{17}[\dX]$/;

const FULL_WIDTH_ZERO = 0xff10;

// Users paste numbers from chat, OCR and IME input: full-width digits and a lower-case x are common.
export function normalizeIdNumber(raw: string): string {
  return raw
    .replace(/\s+/g, '')
    .replace(/[\uFF10-\uFF19]/g, (ch) => String(ch.charCodeAt(0) - FULL_WIDTH_ZERO))
    .replace(/[xX\uFF38\uFF58]/g, 'X');
}

export function computeCheckDigit(first17: string): string {
  if (!/^\d{17}$/.test(first17)) throw new RangeError('ID_NUMBER_BODY_INVALID');
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += Number(first17[i]) * CHECK_WEIGHTS[i]!;
  return CHECK_DIGITS[sum % 11]!;
}

// Expects the normalized form (see normalizeIdNumber); `now` fixes "today" for the birth-date bound.
export function validateIdNumber(id: string, now: Date = new Date()): IdNumberCheck {
  if (!ID_NUMBER_PATTERN.test(id)) return { ok: false, reason: 'FORMAT' };
  if (!PROVINCE_CODES.has(id.slice(0, 2))) return { ok: false, reason: 'REGION' };
  const birthDate = `${id.slice(6, 10)}-${id.slice(10, 12)}-${id.slice(12, 14)}`;
  if (!isLocalDate(birthDate) || birthDate < EARLIEST_BIRTH_DATE || birthDate > localDate(now)) {
    return { ok: false, reason: 'BIRTH_DATE' };
  }
  if (computeCheckDigit(id.slice(0, 17)) !== id[17]) return { ok: false, reason: 'CHECK_DIGIT' };
  return {
    ok: true,
    birthDate,
    regionCode: id.slice(0, 6),
    sex: Number(id[16]) % 2 === 1 ? 'male' : 'female',
  };
}

// Anything that is not an 18-character number is masked entirely, so nothing partial leaks.
export function maskIdNumber(id: string): string {
  const normalized = normalizeIdNumber(id);
  if (normalized.length !== 18) return '*'.repeat(normalized.length);
  return `${normalized.slice(0, 6)}********${normalized.slice(14)}`;
}

/*
 * Checks only the shapes, not the region or the calendar, so tests can also build numbers that
 * fail validation for one specific reason while carrying a correct check digit.
 */
export function makeIdNumber(regionCode6: string, birthDate: string, sequence3: string): string {
  if (!/^\d{6}$/.test(regionCode6)) throw new RangeError('REGION_CODE_INVALID');
  if (!/^\d{4}-\d{2}-\d{2}$/.test(birthDate)) throw new RangeError('DATE_INVALID');
  if (!/^\d{3}$/.test(sequence3)) throw new RangeError('SEQUENCE_INVALID');
  const first17 = `${regionCode6}${birthDate.replace(/-/g, '')}${sequence3}`;
  return first17 + computeCheckDigit(first17);
}

export const idNumberSchema = z
  .string({ error: 'ID_NUMBER_INVALID' })
  .overwrite(normalizeIdNumber)
  .superRefine((id, ctx) => {
    const check = validateIdNumber(id);
    if (!check.ok)
      ctx.addIssue({ code: 'custom', message: 'ID_NUMBER_INVALID', params: { reason: check.reason } });
  });
