/**
 * The division codes the platform can import, per city (data/regions, bundled through the
 * generated cities.ts so a Lambda needs no data file beside it).
 */
import type { RegionItem } from '../entities/region';
import { CITY_REGION_CSV } from './cities';
import { NATIONAL_REGION_CODES } from './national';

let national: ReadonlySet<string> | undefined;
/** A province, city or county code of the national division list (data/regions/national-counties.csv). */
export function isNationalRegion(code: string): boolean {
  national ??= new Set(NATIONAL_REGION_CODES.flatMap((row) => row.split(' ')));
  return national.has(code);
}

export type ImportLevel = 'city' | 'county' | 'township' | 'village';
const IMPORT_LEVELS: readonly string[] = ['city', 'county', 'township', 'village'];

/** The city's own row and every district, street and village below it; null when the repo has no data for it. */
export function cityRegions(cityCode: string): Array<RegionItem & { level: ImportLevel }> | null {
  const csv = CITY_REGION_CSV[cityCode];
  if (csv === undefined) return null;
  const [, ...lines] = csv.trim().split('\n');
  return lines
    .map((line) => {
      const [code = '', name = '', level = '', parentCode = ''] = line.split(',');
      return { code, name, level, parentCode };
    })
    .filter(
      (r): r is RegionItem & { level: ImportLevel } =>
        IMPORT_LEVELS.includes(r.level) && r.code.startsWith(cityCode),
    );
}
