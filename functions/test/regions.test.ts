import { readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { cityRegions, isNationalRegion } from '../src/contexts/hierarchy/regions';

describe('bundled division codes', () => {
  it('cover every city file in data/regions (add an import in regions/index.ts for a new one)', () => {
    const cities = readdirSync(new URL('../../data/regions/', import.meta.url))
      .map((file) => /^(\d{4})-[a-z-]+\.csv$/.exec(file)?.[1])
      .filter((code): code is string => code !== undefined);
    expect(cities.length).toBeGreaterThan(0);
    for (const code of cities) expect(cityRegions(code), code).not.toBeNull();
  });

  it('know every province, city and county of the country, and nothing else', () => {
    for (const code of ['11', '42', '4201', '420102', '110105', '370502', '370523'])
      expect(isNationalRegion(code), code).toBe(true);
    for (const code of ['999999', '420100', '00', '370502001', '3705020010', ''])
      expect(isNationalRegion(code), code).toBe(false);
  });

  it('hold Dongying with its 7 districts, 52 streets and 1,921 villages, and no other city', () => {
    const rows = cityRegions('3705');
    expect(rows).not.toBeNull();
    const count = (level: string) => rows!.filter((r) => r.level === level).length;
    expect([count('city'), count('county'), count('township'), count('village')]).toEqual([1, 7, 52, 1921]);
    expect(rows!.every((r) => r.code.startsWith('3705') && r.parentCode.length > 0)).toBe(true);
    expect(cityRegions('3701')).toBeNull();
  });
});
