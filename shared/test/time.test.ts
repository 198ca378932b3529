import { afterEach, describe, expect, it } from 'vitest';
import {
  addDays,
  daysBetween,
  isFutureDate,
  isLocalDate,
  isOverdue,
  localDate,
  localDateSchema,
  localDateTime,
  localDateTimeText,
  slotDeadline,
  slotOf,
  TIME_ZONE,
} from '../src/domain/time';

const utc = (iso: string): Date => new Date(iso);

describe('TIME_ZONE', () => {
  it('is Shanghai', () => {
    expect(TIME_ZONE).toBe('Asia/Shanghai');
  });
});

describe('localDate', () => {
  it('turns over at 16:00 UTC (00:00 Shanghai)', () => {
    expect(localDate(utc('2024-03-01T15:59:59.999Z'))).toBe('2024-03-01');
    expect(localDate(utc('2024-03-01T16:00:00.000Z'))).toBe('2024-03-02');
  });

  it('crosses month, leap-day and year ends', () => {
    expect(localDate(utc('2024-02-28T16:00:00Z'))).toBe('2024-02-29');
    expect(localDate(utc('2024-02-29T16:00:00Z'))).toBe('2024-03-01');
    expect(localDate(utc('2023-02-28T16:00:00Z'))).toBe('2023-03-01');
    expect(localDate(utc('2023-12-31T15:59:59Z'))).toBe('2023-12-31');
    expect(localDate(utc('2023-12-31T16:00:00Z'))).toBe('2024-01-01');
  });

  it('accepts epoch milliseconds', () => {
    expect(localDate(Date.UTC(2024, 0, 1, 16, 0, 0))).toBe('2024-01-02');
    expect(localDate(0)).toBe('1970-01-01');
    expect(localDate(-8 * 3_600_000 - 1)).toBe('1969-12-31');
  });

  it('accepts ISO strings with an offset', () => {
    expect(localDate('2024-03-01T16:00:00Z')).toBe('2024-03-02');
    expect(localDate('2024-03-01T15:59:59z')).toBe('2024-03-01');
    expect(localDate('2024-03-01T23:30:00+08:00')).toBe('2024-03-01');
    expect(localDate('2024-03-01T12:00:00-05:00')).toBe('2024-03-02');
    expect(localDate('2024-03-01T12:00:00.123-0500')).toBe('2024-03-02');
  });

  it('reads offset-less strings as Shanghai wall-clock time', () => {
    expect(localDate('2024-03-01')).toBe('2024-03-01');
    expect(localDate('2024-03-01T00:00')).toBe('2024-03-01');
    expect(localDate('2024-03-01T23:59:59')).toBe('2024-03-01');
    expect(localDate('2024-03-01 23:59:59.999')).toBe('2024-03-01');
  });

  it('throws on invalid input', () => {
    expect(() => localDate(new Date(Number.NaN))).toThrow(RangeError);
    expect(() => localDate(Number.POSITIVE_INFINITY)).toThrow(RangeError);
    expect(() => localDate('yesterday')).toThrow(RangeError);
    expect(() => localDate('2023-02-29T10:00:00Z')).toThrow(RangeError);
    expect(() => localDate('2024-03-01T24:00:00Z')).toThrow(RangeError);
    expect(() => localDate('Fri, 01 Mar 2024 10:00:00 GMT')).toThrow(RangeError);
  });

  it('agrees with Intl for Asia/Shanghai across a year of instants', () => {
    const format = new Intl.DateTimeFormat('en-CA', {
      timeZone: 'Asia/Shanghai',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
    });
    const start = Date.UTC(2023, 11, 25);
    for (let ms = start; ms < start + 400 * 86_400_000; ms += 3 * 3_600_000 + 17 * 60_000) {
      expect(localDate(ms), new Date(ms).toISOString()).toBe(format.format(ms));
    }
  });
});

describe('slotOf', () => {
  it('is morning until 11:59:59.999 Shanghai (03:59:59.999 UTC)', () => {
    expect(slotOf(utc('2024-03-01T03:59:59Z'))).toBe('morning');
    expect(slotOf(utc('2024-03-01T03:59:59.999Z'))).toBe('morning');
  });

  it('is evening from 12:00 Shanghai (04:00 UTC)', () => {
    expect(slotOf(utc('2024-03-01T04:00:00Z'))).toBe('evening');
  });

  it('is morning from Shanghai midnight (16:00 UTC the day before)', () => {
    expect(slotOf(utc('2024-02-29T15:59:59Z'))).toBe('evening');
    expect(slotOf(utc('2024-02-29T16:00:00Z'))).toBe('morning');
  });

  it('accepts strings and numbers', () => {
    expect(slotOf('2024-03-01T11:59:59')).toBe('morning');
    expect(slotOf('2024-03-01T12:00:00+08:00')).toBe('evening');
    expect(slotOf(Date.UTC(2024, 2, 1, 4))).toBe('evening');
  });

  it('works before the epoch', () => {
    expect(slotOf(utc('1960-06-01T03:00:00Z'))).toBe('morning');
    expect(slotOf(utc('1960-06-01T05:00:00Z'))).toBe('evening');
  });
});

describe('localDateTime', () => {
  it('gives the instant of a Shanghai wall-clock time', () => {
    expect(localDateTime('2024-03-01', '10:00').toISOString()).toBe('2024-03-01T02:00:00.000Z');
    expect(localDateTime('2024-03-01', '00:00').toISOString()).toBe('2024-02-29T16:00:00.000Z');
    expect(localDateTime('2024-03-01', '23:59').toISOString()).toBe('2024-03-01T15:59:00.000Z');
    expect(localDateTime('2024-01-01', '07:30').toISOString()).toBe('2023-12-31T23:30:00.000Z');
  });

  it('round-trips with localDate', () => {
    expect(localDate(localDateTime('2024-03-01', '00:00'))).toBe('2024-03-01');
    expect(localDate(localDateTime('2024-03-01', '23:59'))).toBe('2024-03-01');
  });

  it.each([
    ['2024-03-01', '24:00'],
    ['2024-03-01', '9:00'],
    ['2024-03-01', '10:60'],
    ['2024-03-01', '10:00:00'],
    ['2023-02-29', '10:00'],
    ['2024-3-1', '10:00'],
  ])('throws on %s %s', (date, hhmm) => {
    expect(() => localDateTime(date, hhmm)).toThrow(RangeError);
  });
});

describe('slotDeadline and isOverdue', () => {
  it('defaults to 10:00 and 18:00 Shanghai', () => {
    expect(slotDeadline('2024-03-01', 'morning').toISOString()).toBe('2024-03-01T02:00:00.000Z');
    expect(slotDeadline('2024-03-01', 'evening').toISOString()).toBe('2024-03-01T10:00:00.000Z');
  });

  it('accepts custom deadlines', () => {
    const deadlines = { morning: '09:30', evening: '20:00' };
    expect(slotDeadline('2024-03-01', 'morning', deadlines).toISOString()).toBe('2024-03-01T01:30:00.000Z');
    expect(slotDeadline('2024-03-01', 'evening', deadlines).toISOString()).toBe('2024-03-01T12:00:00.000Z');
  });

  it('is on time at the deadline itself and overdue a millisecond later', () => {
    expect(isOverdue('2024-03-01', 'morning', utc('2024-03-01T01:59:59Z'))).toBe(false);
    expect(isOverdue('2024-03-01', 'morning', utc('2024-03-01T02:00:00.000Z'))).toBe(false);
    expect(isOverdue('2024-03-01', 'morning', utc('2024-03-01T02:00:00.001Z'))).toBe(true);
    expect(isOverdue('2024-03-01', 'evening', utc('2024-03-01T09:59:59Z'))).toBe(false);
    expect(isOverdue('2024-03-01', 'evening', utc('2024-03-01T10:00:01Z'))).toBe(true);
  });

  it('uses custom deadlines', () => {
    const deadlines = { morning: '11:00', evening: '21:00' };
    const at = utc('2024-03-01T02:30:00Z'); // 10:30 Shanghai
    expect(isOverdue('2024-03-01', 'morning', at)).toBe(true);
    expect(isOverdue('2024-03-01', 'morning', at, deadlines)).toBe(false);
  });

  it('is never overdue for a future day and always for a past one', () => {
    const now = utc('2024-03-01T12:00:00Z');
    expect(isOverdue('2024-03-02', 'morning', now)).toBe(false);
    expect(isOverdue('2024-02-29', 'evening', now)).toBe(true);
  });
});

describe('addDays', () => {
  it('moves across month, year and leap-day boundaries', () => {
    expect(addDays('2024-02-28', 1)).toBe('2024-02-29');
    expect(addDays('2024-02-29', 1)).toBe('2024-03-01');
    expect(addDays('2023-02-28', 1)).toBe('2023-03-01');
    expect(addDays('2023-12-31', 1)).toBe('2024-01-01');
    expect(addDays('2024-01-01', -1)).toBe('2023-12-31');
    expect(addDays('2024-03-01', 0)).toBe('2024-03-01');
    expect(addDays('2024-03-01', 14)).toBe('2024-03-15');
    expect(addDays('2024-01-01', 366)).toBe('2025-01-01');
    expect(addDays('1900-02-28', 1)).toBe('1900-03-01');
    expect(addDays('2000-02-28', 1)).toBe('2000-02-29');
  });

  it('agrees with Date arithmetic over many days', () => {
    const base = Date.UTC(1899, 11, 1);
    for (let n = 0; n < 60_000; n += 7) {
      expect(addDays('1899-12-01', n)).toBe(new Date(base + n * 86_400_000).toISOString().slice(0, 10));
    }
  });

  it('throws on a non-integer count or a bad date', () => {
    expect(() => addDays('2024-03-01', 1.5)).toThrow(RangeError);
    expect(() => addDays('2024-03-01', Number.NaN)).toThrow(RangeError);
    expect(() => addDays('2024-02-30', 1)).toThrow(RangeError);
  });
});

describe('daysBetween', () => {
  it('counts calendar days, signed', () => {
    expect(daysBetween('2024-03-01', '2024-03-01')).toBe(0);
    expect(daysBetween('2024-02-28', '2024-03-01')).toBe(2);
    expect(daysBetween('2023-02-28', '2023-03-01')).toBe(1);
    expect(daysBetween('2024-03-15', '2024-03-01')).toBe(-14);
    expect(daysBetween('2023-01-01', '2024-01-01')).toBe(365);
    expect(daysBetween('2024-01-01', '2025-01-01')).toBe(366);
  });

  it('inverts addDays', () => {
    for (const n of [-400, -1, 0, 1, 13, 14, 365, 1000]) {
      expect(daysBetween('2024-02-29', addDays('2024-02-29', n))).toBe(n);
    }
  });

  it('throws on a bad date', () => {
    expect(() => daysBetween('2024-13-01', '2024-03-01')).toThrow(RangeError);
  });
});

describe('isFutureDate', () => {
  it('compares with the Shanghai day of now', () => {
    const lateUtcEvening = utc('2024-03-01T16:30:00Z'); // 2024-03-02 00:30 Shanghai
    expect(isFutureDate('2024-03-02', lateUtcEvening)).toBe(false);
    expect(isFutureDate('2024-03-03', lateUtcEvening)).toBe(true);
    expect(isFutureDate('2024-03-01', lateUtcEvening)).toBe(false);

    const beforeMidnight = utc('2024-03-01T15:59:59Z'); // 2024-03-01 23:59:59 Shanghai
    expect(isFutureDate('2024-03-02', beforeMidnight)).toBe(true);
    expect(isFutureDate('2024-03-01', beforeMidnight)).toBe(false);
  });
});

describe('localDateSchema and isLocalDate', () => {
  it.each(['2024-02-29', '2000-02-29', '2023-12-31', '1900-01-01', '2024-04-30'])('accepts %s', (date) => {
    expect(isLocalDate(date)).toBe(true);
    expect(localDateSchema.parse(date)).toBe(date);
  });

  it.each([
    '2023-02-29',
    '1900-02-29',
    '2024-02-30',
    '2024-04-31',
    '2024-13-01',
    '2024-00-10',
    '2024-01-00',
    '2024-1-01',
    '20240101',
    '2024-01-01T00:00',
    ' 2024-01-01',
    '',
  ])('rejects %j', (date) => {
    expect(isLocalDate(date)).toBe(false);
    const result = localDateSchema.safeParse(date);
    expect(result.success).toBe(false);
    expect(result.error?.issues[0]?.message).toBe('DATE_INVALID');
  });

  it('rejects non-strings', () => {
    expect(localDateSchema.safeParse(20240101).error?.issues[0]?.message).toBe('DATE_INVALID');
  });
});

describe('independence from the process time zone', () => {
  const originalTz = process.env.TZ;
  afterEach(() => {
    if (originalTz === undefined) delete process.env.TZ;
    else process.env.TZ = originalTz;
  });

  it.each(['UTC', 'America/New_York', 'Asia/Kolkata', 'Pacific/Kiritimati', 'Asia/Shanghai'])(
    'gives the same answers with TZ=%s',
    (tz) => {
      process.env.TZ = tz;
      const probe = new Date(Date.UTC(2024, 0, 15, 12)).getTimezoneOffset();
      const expectedOffset = {
        UTC: 0,
        'America/New_York': 300,
        'Asia/Kolkata': -330,
        'Pacific/Kiritimati': -840,
      }[tz];
      if (expectedOffset !== undefined) expect(probe).toBe(expectedOffset);

      expect(localDate(utc('2024-03-01T15:59:59Z'))).toBe('2024-03-01');
      expect(localDate(utc('2024-03-01T16:00:00Z'))).toBe('2024-03-02');
      expect(localDate('2024-03-01T23:59:59')).toBe('2024-03-01');
      expect(slotOf(utc('2024-03-01T03:59:59Z'))).toBe('morning');
      expect(slotOf(utc('2024-03-01T04:00:00Z'))).toBe('evening');
      expect(localDateTime('2024-03-01', '00:00').toISOString()).toBe('2024-02-29T16:00:00.000Z');
      expect(slotDeadline('2024-03-10', 'morning').toISOString()).toBe('2024-03-10T02:00:00.000Z');
      expect(addDays('2024-03-09', 1)).toBe('2024-03-10');
      expect(daysBetween('2024-03-09', '2024-03-11')).toBe(2);
      expect(isFutureDate('2024-03-02', utc('2024-03-01T16:00:00Z'))).toBe(false);
    },
  );
});

describe('localDateTimeText', () => {
  it('shows Shanghai wall-clock time whatever the instant is written in', () => {
    expect(localDateTimeText('2026-11-28T16:05:00Z')).toBe('2026-11-29 00:05');
    expect(localDateTimeText(new Date('2026-11-28T03:59:00Z'))).toBe('2026-11-28 11:59');
  });
});
