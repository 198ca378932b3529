import * as z from 'zod';

export const TIME_ZONE = 'Asia/Shanghai';

export type Slot = 'morning' | 'evening';

export interface SlotDeadlines {
  morning: string;
  evening: string;
}

export const DEFAULT_SLOT_DEADLINES: Readonly<SlotDeadlines> = { morning: '10:00', evening: '18:00' };

/*
 * China has kept UTC+8 without DST since 1991, so fixed-offset arithmetic is exact for every date
 * this system handles. It avoids Intl time-zone data (unreliable in some mini program runtimes)
 * and never reads the process time zone.
 */
const SHANGHAI_OFFSET_MINUTES = 8 * 60;
const MS_PER_MINUTE = 60_000;
const MS_PER_DAY = 86_400_000;
const NOON_MINUTES = 12 * 60;

const LOCAL_DATE_PATTERN = /^(\d{4})-(\d{2})-(\d{2})$/;
const HHMM_PATTERN = /^([01]\d|2[0-3]):([0-5]\d)$/;
const ISO_INSTANT_PATTERN =
  /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?)?(Z|[+-]\d{2}:?\d{2})?$/i;

function isLeapYear(year: number): boolean {
  return year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
}

function daysInMonth(year: number, month: number): number {
  if (month === 2) return isLeapYear(year) ? 29 : 28;
  return [4, 6, 9, 11].includes(month) ? 30 : 31;
}

function isRealYmd(year: number, month: number, day: number): boolean {
  return month >= 1 && month <= 12 && day >= 1 && day <= daysInMonth(year, month);
}

// Days since 1970-01-01 for a proleptic Gregorian date (H. Hinnant's days_from_civil); no Date quirks
// such as Date.UTC mapping years 0–99 to 1900–1999.
function daysFromCivil(year: number, month: number, day: number): number {
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yearOfEra = y - era * 400;
  const shiftedMonth = (month + 9) % 12;
  const dayOfYear = Math.floor((153 * shiftedMonth + 2) / 5) + day - 1;
  const dayOfEra = yearOfEra * 365 + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100) + dayOfYear;
  return era * 146_097 + dayOfEra - 719_468;
}

function civilFromDays(days: number): [year: number, month: number, day: number] {
  const z = days + 719_468;
  const era = Math.floor(z / 146_097);
  const dayOfEra = z - era * 146_097;
  const yearOfEra = Math.floor(
    (dayOfEra -
      Math.floor(dayOfEra / 1460) +
      Math.floor(dayOfEra / 36_524) -
      Math.floor(dayOfEra / 146_096)) /
      365,
  );
  const dayOfYear = dayOfEra - (365 * yearOfEra + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100));
  const shiftedMonth = Math.floor((5 * dayOfYear + 2) / 153);
  const day = dayOfYear - Math.floor((153 * shiftedMonth + 2) / 5) + 1;
  const month = shiftedMonth < 10 ? shiftedMonth + 3 : shiftedMonth - 9;
  return [month <= 2 ? yearOfEra + era * 400 + 1 : yearOfEra + era * 400, month, day];
}

function formatYmd(year: number, month: number, day: number): string {
  if (year < 0 || year > 9999) throw new RangeError('DATE_OUT_OF_RANGE');
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

export function isLocalDate(date: string): boolean {
  const match = LOCAL_DATE_PATTERN.exec(date);
  return match !== null && isRealYmd(Number(match[1]), Number(match[2]), Number(match[3]));
}

function epochDayOf(date: string): number {
  const match = LOCAL_DATE_PATTERN.exec(date);
  if (!match || !isRealYmd(Number(match[1]), Number(match[2]), Number(match[3]))) {
    throw new RangeError('DATE_INVALID');
  }
  return daysFromCivil(Number(match[1]), Number(match[2]), Number(match[3]));
}

function parseOffsetMinutes(zone: string): number {
  if (zone.toUpperCase() === 'Z') return 0;
  const digits = zone.slice(1).replace(':', '');
  const minutes = Number(digits.slice(0, 2)) * 60 + Number(digits.slice(2, 4));
  return zone.startsWith('-') ? -minutes : minutes;
}

/*
 * ISO 8601 strings only: engines parse other formats differently. A string without an offset
 * ('2024-03-01' or '2024-03-01T08:00') is a Shanghai wall-clock time, never the process's local time.
 */
function parseIsoInstant(text: string): number {
  const m = ISO_INSTANT_PATTERN.exec(text.trim());
  if (!m) throw new RangeError('INSTANT_INVALID');
  const [year, month, day] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const [hour, minute, second] = [Number(m[4] ?? 0), Number(m[5] ?? 0), Number(m[6] ?? 0)];
  if (!isRealYmd(year, month, day) || hour > 23 || minute > 59 || second > 59) {
    throw new RangeError('INSTANT_INVALID');
  }
  const millis = m[7] ? Math.floor(Number(`0.${m[7]}`) * 1000) : 0;
  const offsetMinutes = m[8] ? parseOffsetMinutes(m[8]) : SHANGHAI_OFFSET_MINUTES;
  const wallMinutes = daysFromCivil(year, month, day) * 24 * 60 + hour * 60 + minute;
  return (wallMinutes - offsetMinutes) * MS_PER_MINUTE + second * 1000 + millis;
}

function toEpochMs(at: Date | string | number): number {
  const ms = typeof at === 'string' ? parseIsoInstant(at) : typeof at === 'number' ? at : at.getTime();
  if (!Number.isFinite(ms)) throw new RangeError('INSTANT_INVALID');
  return ms;
}

function shanghaiWallMs(at: Date | string | number): number {
  return toEpochMs(at) + SHANGHAI_OFFSET_MINUTES * MS_PER_MINUTE;
}

export function localDate(at: Date | string | number): string {
  const [year, month, day] = civilFromDays(Math.floor(shanghaiWallMs(at) / MS_PER_DAY));
  return formatYmd(year, month, day);
}

/** 'YYYY-MM-DD HH:mm' in Asia/Shanghai, for messages people read. */
export function localDateTimeText(at: Date | string | number): string {
  const wallMs = shanghaiWallMs(at);
  const minutes = Math.floor((wallMs - Math.floor(wallMs / MS_PER_DAY) * MS_PER_DAY) / MS_PER_MINUTE);
  const hh = String(Math.floor(minutes / 60)).padStart(2, '0');
  const mm = String(minutes % 60).padStart(2, '0');
  return `${localDate(at)} ${hh}:${mm}`;
}

export function slotOf(at: Date | string | number): Slot {
  const wallMs = shanghaiWallMs(at);
  const msIntoDay = wallMs - Math.floor(wallMs / MS_PER_DAY) * MS_PER_DAY;
  return msIntoDay < NOON_MINUTES * MS_PER_MINUTE ? 'morning' : 'evening';
}

export function localDateTime(date: string, hhmm: string): Date {
  const match = HHMM_PATTERN.exec(hhmm);
  if (!match) throw new RangeError('TIME_INVALID');
  const wallMinutes = epochDayOf(date) * 24 * 60 + Number(match[1]) * 60 + Number(match[2]);
  return new Date((wallMinutes - SHANGHAI_OFFSET_MINUTES) * MS_PER_MINUTE);
}

export function slotDeadline(
  date: string,
  slot: Slot,
  deadlines: SlotDeadlines = DEFAULT_SLOT_DEADLINES,
): Date {
  return localDateTime(date, deadlines[slot]);
}

// A report made exactly at the deadline is still on time.
export function isOverdue(date: string, slot: Slot, now: Date, deadlines?: SlotDeadlines): boolean {
  return now.getTime() > slotDeadline(date, slot, deadlines).getTime();
}

export function addDays(date: string, n: number): string {
  if (!Number.isSafeInteger(n)) throw new RangeError('DAYS_INVALID');
  const [year, month, day] = civilFromDays(epochDayOf(date) + n);
  return formatYmd(year, month, day);
}

export function daysBetween(from: string, to: string): number {
  return epochDayOf(to) - epochDayOf(from);
}

export function isFutureDate(date: string, now: Date): boolean {
  return epochDayOf(date) > epochDayOf(localDate(now));
}

/** How far back a travel declaration may reach: the epidemic's plausible window for one journey. */
export const TRAVEL_LOOKBACK_DAYS = 90;

/** More than `days` days before today (Asia/Shanghai). */
export function isOlderThanDays(date: string, days: number, now: Date): boolean {
  return epochDayOf(date) < epochDayOf(localDate(now)) - days;
}

export const localDateSchema = z
  .string({ error: 'DATE_INVALID' })
  .refine(isLocalDate, { message: 'DATE_INVALID' });
