import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { renderCitiesModule, renderNationalModule } from '../scripts/region-modules';
import { cityRegions, isNationalRegion } from '../src/contexts/hierarchy/regions';

describe('bundled division codes', () => {
  it('match data/regions (regenerate with `npx tsx functions/scripts/region-modules.ts`)', () => {
    const committed = readFileSync(
      new URL('../src/contexts/hierarchy/regions/cities.ts', import.meta.url),
      'utf8',
    );
    expect(committed).toBe(renderCitiesModule());
    const national = readFileSync(
      new URL('../src/contexts/hierarchy/regions/national.ts', import.meta.url),
      'utf8',
    );
    expect(national).toBe(renderNationalModule());
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
