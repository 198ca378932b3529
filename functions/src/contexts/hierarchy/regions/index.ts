/**
 * The division codes the platform can import, per city, and the national list of province, city and
 * county codes. The CSV files in data/regions are the one source: every runtime imports them as text
 * (`?raw`): esbuild bundles them into the Lambda (loader `.csv: 'text'` in infra/lib/manifest-function.ts),
 * vite/vitest reads `?raw` itself, and the local runtime registers a loader for it
 * (functions/local/text-imports.ts).
 */
import dongyingCsv from '../../../../../data/regions/3705-dongying.csv?raw';
import nationalCsv from '../../../../../data/regions/national-counties.csv?raw';
import type { RegionItem } from '../entities/region';

/** One entry per data/regions/<cityCode>-<name>.csv (a unit test checks none is missing). */
const CITY_REGION_CSV: Readonly<Record<string, string>> = { '3705': dongyingCsv };

interface CsvRow {
  code: string;
  name: string;
  level: string;
  parentCode: string;
}

/** The rows of a `code,name,level,parentCode` file, header skipped. */
function csvRows(csv: string): CsvRow[] {
  const [, ...lines] = csv.trim().split('\n');
  return lines.map((line) => {
    const [code = '', name = '', level = '', parentCode = ''] = line.trim().split(',');
    return { code, name, level, parentCode };
  });
}

let national: ReadonlySet<string> | undefined;
/** A province, city or county code of the national division list (data/regions/national-counties.csv). */
export function isNationalRegion(code: string): boolean {
  national ??= new Set(
    csvRows(nationalCsv)
      .map((r) => r.code)
      .filter((c) => /^\d{2}(\d{2}){0,2}$/.test(c)),
  );
  return national.has(code);
}

export type ImportLevel = 'city' | 'county' | 'township' | 'village';
const IMPORT_LEVELS: readonly string[] = ['city', 'county', 'township', 'village'];

/** The city's own row and every district, street and village below it; null when the repo has no data for it. */
export function cityRegions(cityCode: string): Array<RegionItem & { level: ImportLevel }> | null {
  const csv = CITY_REGION_CSV[cityCode];
  if (csv === undefined) return null;
  return csvRows(csv).filter(
    (r): r is RegionItem & { level: ImportLevel } =>
      IMPORT_LEVELS.includes(r.level) && r.code.startsWith(cityCode),
  );
}
