import { describe, expect, it } from 'vitest';
import { shiftsOverlap } from '../src';

const s = (date: string, starts: string, ends: string) => ({ date, starts, ends });

describe('shiftsOverlap', () => {
  it('within a day: overlapping windows clash, touching ends do not', () => {
    expect(shiftsOverlap(s('2026-12-03', '06:00', '14:00'), s('2026-12-03', '13:00', '15:00'))).toBe(true);
    expect(shiftsOverlap(s('2026-12-03', '06:00', '14:00'), s('2026-12-03', '14:00', '22:00'))).toBe(false);
    expect(shiftsOverlap(s('2026-12-03', '08:00', '09:00'), s('2026-12-03', '06:00', '14:00'))).toBe(true);
  });

  it('a shift whose end is before its start runs into the next day; equal is the whole day', () => {
    const night = s('2026-12-31', '22:00', '06:00');
    expect(shiftsOverlap(night, s('2027-01-01', '05:00', '08:00'))).toBe(true);
    expect(shiftsOverlap(night, s('2027-01-01', '06:00', '08:00'))).toBe(false);
    expect(shiftsOverlap(night, s('2026-12-31', '06:00', '14:00'))).toBe(false);
    const allDay = s('2026-12-03', '07:00', '07:00');
    expect(shiftsOverlap(allDay, s('2026-12-04', '06:59', '07:00'))).toBe(true);
    expect(shiftsOverlap(allDay, s('2026-12-04', '07:00', '08:00'))).toBe(false);
  });
});
