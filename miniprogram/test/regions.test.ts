// @vitest-environment node
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { buildRegionsJson, regionsJsonPaths } from '../scripts/build-regions.mjs';
import { regions } from '../src/resident/data/regions';

describe('origin picker data', () => {
  it('is what scripts/build-regions.mjs derives from data/regions/national-counties.csv', () => {
    const expected = buildRegionsJson();
    for (const path of regionsJsonPaths) expect(readFileSync(path, 'utf8')).toBe(expected);
  });

  it('walks province → city → county and names a county code', () => {
    expect(regions.provinces()).toHaveLength(31);
    expect(regions.citiesOf('42').find((c) => c.code === '4201')?.name).toBe('武汉市');
    expect(regions.countiesOf('4201').find((c) => c.code === '420102')?.name).toBe('江岸区');
    expect(regions.regionPath('420102')).toBe('湖北省 武汉市 江岸区');
    expect(regions.regionPath('110105')).toBe('北京市 朝阳区');
    expect(regions.regionPath('999999')).toBe('999999');
    expect(regions.searchCounties('江岸').map((r) => r.code)).toContain('420102');
  });
});
