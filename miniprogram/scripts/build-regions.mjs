/**
 * Derives the origin picker's data (province → city → county) from data/regions/national-counties.csv.
 * Codes are stored as suffixes (province 2 digits, city and county 2 more each) to keep the resident
 * subpackage small. `node scripts/build-regions.mjs` writes it; `--check` fails when it is stale.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const csvPath = resolve(import.meta.dirname, '../../data/regions/national-counties.csv');
/** One copy per subpackage that shows region names, so the data never lands in the main package. */
export const regionsJsonPaths = ['resident', 'gridworker'].map((pkg) =>
  resolve(import.meta.dirname, `../src/${pkg}/data/regions.json`),
);

/** @returns {string} the JSON text: [[provinceCode, name, [[citySuffix, name, [[countySuffix, name]]]]]] */
export function buildRegionsJson(csv = readFileSync(csvPath, 'utf8')) {
  const [, ...lines] = csv.trim().split('\n');
  const provinces = [];
  const cities = new Map();
  for (const line of lines) {
    const [code = '', name = '', level = '', parent = ''] = line.trim().split(',');
    if (level === 'province') provinces.push([code, name, []]);
    else if (level === 'city') {
      const city = [code.slice(2), name, []];
      cities.set(code, city);
      provinces.find((p) => p[0] === parent)?.[2].push(city);
    } else if (level === 'county') cities.get(parent)?.[2].push([code.slice(4), name]);
  }
  const nonEmpty = provinces
    .map(([code, name, cs]) => [code, name, cs.filter((c) => c[2].length > 0)])
    .filter((p) => p[2].length > 0);
  return `${JSON.stringify(nonEmpty)}\n`;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const json = buildRegionsJson();
  for (const path of regionsJsonPaths) {
    if (process.argv.includes('--check')) {
      if (readFileSync(path, 'utf8') !== json) {
        console.error(`${path} is stale: run node miniprogram/scripts/build-regions.mjs`);
        process.exitCode = 1;
      }
    } else {
      writeFileSync(path, json);
      console.log(`wrote ${path} (${json.length} bytes)`);
    }
  }
}
