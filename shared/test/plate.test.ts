import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  formatPlate,
  isNewEnergyPlate,
  isValidPlate,
  normalizePlate,
  PLATE_PROVINCES,
  plateSchema,
} from '../src/domain/plate';

describe('normalizePlate', () => {
  it.each([
    ['鲁E·12345', '鲁E12345'],
    ['鲁E12345', '鲁E12345'],
    ['鲁e 12345', '鲁E12345'],
    ['鲁E-12345', '鲁E12345'],
    ['鲁E.12345', '鲁E12345'],
    ['鲁E•12345', '鲁E12345'],
    ['鲁E・12345', '鲁E12345'],
    ['鲁Ｅ１２３４５', '鲁E12345'],
    ['  鲁E　12345 ', '鲁E12345'],
    ['鲁eD12345', '鲁ED12345'],
  ])('%j → %s', (raw, compact) => {
    expect(normalizePlate(raw)).toBe(compact);
  });
});

describe('isValidPlate', () => {
  it.each([
    '鲁E12345',
    '京A88888',
    '粤BA1234',
    '沪AZ9Z9Z',
    '鲁ED12345', // small new-energy: D + digit + 4 digits
    '鲁EFA1234', // small new-energy: F + letter + 4 digits
    '鲁E12345D', // large new-energy: 5 digits + D
    '琼A12345',
  ])('accepts %s', (plate) => {
    expect(isValidPlate(plate)).toBe(true);
  });

  it.each([
    ['', 'empty'],
    ['鲁E1234', 'four characters'],
    ['鲁E1234567', 'seven characters'],
    ['鲁EA12345', 'six characters that are not new-energy'],
    ['鲁ED1234A', 'new-energy ending in a letter'],
    ['鲁E1234FD', 'large new-energy with a letter inside'],
    ['鲁I12345', 'office letter I'],
    ['鲁E1234O', 'letter O in the serial'],
    ['港A12345', 'not a province abbreviation'],
    ['AE12345', 'no province'],
    ['鲁112345', 'digit as office letter'],
    ['鲁E·12345', 'not compact'],
  ])('refuses %s (%s)', (plate) => {
    expect(isValidPlate(plate)).toBe(false);
  });

  it('tells new-energy plates apart', () => {
    expect(isNewEnergyPlate('鲁ED12345')).toBe(true);
    expect(isNewEnergyPlate('鲁E12345D')).toBe(true);
    expect(isNewEnergyPlate('鲁E12345')).toBe(false);
  });
});

const province = fc.constantFrom(...PLATE_PROVINCES);
const office = fc.constantFrom(...'ABCDEFGHJKLMNPQRSTUVWXYZ');
const serialChar = fc.constantFrom(...'ABCDEFGHJKLMNPQRSTUVWXYZ0123456789');
const ordinary = fc
  .tuple(province, office, fc.array(serialChar, { minLength: 5, maxLength: 5 }))
  .map(([p, o, s]) => `${p}${o}${s.join('')}`);
const separator = fc.constantFrom('', '·', ' ', '-', '.', '•', '・', '　');

describe('plate properties', () => {
  it('every ordinary plate is valid, with any separator and case, and normalises back', () => {
    fc.assert(
      fc.property(ordinary, separator, fc.boolean(), (plate, sep, lower) => {
        const typed = `${plate.slice(0, 2)}${sep}${plate.slice(2)}`;
        const cased = lower ? typed.toLowerCase() : typed;
        expect(plateSchema.parse(cased)).toBe(plate);
        expect(formatPlate(cased)).toBe(`${plate.slice(0, 2)}·${plate.slice(2)}`);
      }),
    );
  });

  it('normalising is idempotent and formatting round-trips', () => {
    fc.assert(
      fc.property(fc.string(), (raw) => {
        const once = normalizePlate(raw);
        expect(normalizePlate(once)).toBe(once);
        if (isValidPlate(once)) expect(normalizePlate(formatPlate(raw))).toBe(once);
      }),
    );
  });

  it('a plate with one character dropped is refused', () => {
    fc.assert(
      fc.property(ordinary, fc.nat(6), (plate, i) => {
        const shorter = plate.slice(0, i) + plate.slice(i + 1);
        expect(isValidPlate(shorter)).toBe(false);
      }),
    );
  });

  it('plateSchema answers PLATE_INVALID for anything else', () => {
    for (const bad of ['鲁E1234', 12345, '鲁EA12345', 'x'.repeat(30)]) {
      const result = plateSchema.safeParse(bad);
      expect(result.success).toBe(false);
      expect(result.error?.issues[0]?.message).toBe('PLATE_INVALID');
    }
  });
});
