import { describe, expect, it } from 'vitest';
import {
  ancestorsOf,
  cityOf,
  countyOf,
  gridCodeSchema,
  isWithinAnyScope,
  isWithinScope,
  LEVEL_LENGTHS,
  levelOf,
  parentOf,
  provinceOf,
  regionAt,
  regionCodeSchema,
  townshipOf,
  villageOf,
} from '../src/domain/region';

// Dongying (3705), Dongying District (370502), Wenhui Street (370502001), a community under it.
const PROVINCE = '37';
const CITY = '3705';
const COUNTY = '370502';
const TOWNSHIP = '370502001';
const VILLAGE = '370502001001';
const GRID = '370502001001001';

describe('LEVEL_LENGTHS', () => {
  it('follows the national division code lengths plus 3 digits for grids', () => {
    expect(LEVEL_LENGTHS).toEqual({ province: 2, city: 4, county: 6, township: 9, village: 12, grid: 15 });
  });
});

describe('levelOf', () => {
  it.each([
    [PROVINCE, 'province'],
    [CITY, 'city'],
    [COUNTY, 'county'],
    [TOWNSHIP, 'township'],
    [VILLAGE, 'village'],
    [GRID, 'grid'],
  ])('%s is a %s', (code, level) => {
    expect(levelOf(code)).toBe(level);
  });

  it.each([
    '',
    '3',
    '370',
    '37050',
    '3705020',
    '37050200',
    '3705020010',
    '37050200100',
    '3705020010010',
    '3705020010010011',
    '37050200100100a',
    ' 370502',
    '370502 ',
    '３７',
    '+37',
    '3.',
  ])('rejects %j', (code) => {
    expect(levelOf(code)).toBeNull();
  });
});

describe('parentOf', () => {
  it('walks one level up', () => {
    expect(parentOf(GRID)).toBe(VILLAGE);
    expect(parentOf(VILLAGE)).toBe(TOWNSHIP);
    expect(parentOf(TOWNSHIP)).toBe(COUNTY);
    expect(parentOf(COUNTY)).toBe(CITY);
    expect(parentOf(CITY)).toBe(PROVINCE);
  });

  it('is null for a province or an invalid code', () => {
    expect(parentOf(PROVINCE)).toBeNull();
    expect(parentOf('3705020')).toBeNull();
    expect(parentOf('')).toBeNull();
  });
});

describe('regionAt and the named levels', () => {
  it('give the region of each level that holds a code', () => {
    expect([provinceOf(GRID), cityOf(GRID), countyOf(GRID), townshipOf(GRID), villageOf(GRID)]).toEqual([
      PROVINCE,
      CITY,
      COUNTY,
      TOWNSHIP,
      VILLAGE,
    ]);
    expect(regionAt(GRID, 'grid')).toBe(GRID);
    expect(cityOf(TOWNSHIP)).toBe(CITY);
    expect(countyOf(COUNTY)).toBe(COUNTY);
  });

  it('leave a code above the level unchanged, as slice did', () => {
    expect(villageOf(COUNTY)).toBe(COUNTY);
  });
});

describe('ancestorsOf', () => {
  it('lists the chain from the province down to the direct parent', () => {
    expect(ancestorsOf(GRID)).toEqual([PROVINCE, CITY, COUNTY, TOWNSHIP, VILLAGE]);
    expect(ancestorsOf(TOWNSHIP)).toEqual([PROVINCE, CITY, COUNTY]);
    expect(ancestorsOf(CITY)).toEqual([PROVINCE]);
  });

  it('is empty for a province or an invalid code', () => {
    expect(ancestorsOf(PROVINCE)).toEqual([]);
    expect(ancestorsOf('37050200100')).toEqual([]);
  });

  it('agrees with repeated parentOf', () => {
    const chain: string[] = [];
    for (let p = parentOf(GRID); p !== null; p = parentOf(p)) chain.unshift(p);
    expect(ancestorsOf(GRID)).toEqual(chain);
  });
});

describe('isWithinScope', () => {
  it('accepts a code under each of its ancestors and itself', () => {
    for (const scope of [PROVINCE, CITY, COUNTY, TOWNSHIP, VILLAGE, GRID]) {
      expect(isWithinScope(GRID, scope), scope).toBe(true);
    }
    expect(isWithinScope(TOWNSHIP, COUNTY)).toBe(true);
  });

  it('rejects a sibling or cousin region', () => {
    expect(isWithinScope(GRID, '370502001002')).toBe(false);
    expect(isWithinScope(GRID, '370502002')).toBe(false);
    expect(isWithinScope(GRID, '370503')).toBe(false);
    expect(isWithinScope(GRID, '3706')).toBe(false);
    expect(isWithinScope(GRID, '370502001001002')).toBe(false);
  });

  it('rejects a scope deeper than the code even when the code is its textual prefix', () => {
    expect(isWithinScope(TOWNSHIP, VILLAGE)).toBe(false);
    expect(isWithinScope(VILLAGE, GRID)).toBe(false);
    expect(isWithinScope(PROVINCE, CITY)).toBe(false);
  });

  it('rejects codes and scopes that share a prefix but are not valid at any level', () => {
    // '37050' and '3705020' are textual prefixes of the grid code but not division codes.
    expect(isWithinScope(GRID, '37050')).toBe(false);
    expect(isWithinScope(GRID, '3705020')).toBe(false);
    expect(isWithinScope(GRID, '370502001001001'.slice(0, 13))).toBe(false);
    expect(isWithinScope('3705020010010011', GRID)).toBe(false);
    expect(isWithinScope('37050200100100', VILLAGE)).toBe(false);
  });

  it('rejects a county that only looks like the start of a township scope', () => {
    // County 370500 shares '37050' with township 370500100's digits but is above it, not inside.
    expect(isWithinScope('370500', '370500100')).toBe(false);
    expect(isWithinScope('370500100', '370500')).toBe(true);
    expect(isWithinScope('370500100', '370501')).toBe(false);
  });

  it('rejects empty or invalid input', () => {
    expect(isWithinScope('', '')).toBe(false);
    expect(isWithinScope(GRID, '')).toBe(false);
    expect(isWithinScope('', PROVINCE)).toBe(false);
  });
});

describe('isWithinAnyScope', () => {
  it('is true when any scope covers the code', () => {
    expect(isWithinAnyScope(GRID, ['370503', TOWNSHIP])).toBe(true);
    expect(isWithinAnyScope(GRID, ['370502001001003', GRID])).toBe(true);
  });

  it('is false when none does', () => {
    expect(isWithinAnyScope(GRID, ['370503', '370502002', '37050', VILLAGE.concat('9')])).toBe(false);
    expect(isWithinAnyScope(GRID, [])).toBe(false);
  });
});

describe('regionCodeSchema', () => {
  it.each([PROVINCE, CITY, COUNTY, TOWNSHIP, VILLAGE, GRID])('accepts %s', (code) => {
    expect(regionCodeSchema.parse(code)).toBe(code);
  });

  it.each(['', '370', '3705020', 'abcdef', 370502, null])('rejects %j with REGION_CODE_INVALID', (code) => {
    const result = regionCodeSchema.safeParse(code);
    expect(result.success).toBe(false);
    expect(result.error?.issues[0]?.message).toBe('REGION_CODE_INVALID');
  });
});

describe('gridCodeSchema', () => {
  it('accepts a 15-digit grid code', () => {
    expect(gridCodeSchema.parse(GRID)).toBe(GRID);
  });

  it.each([VILLAGE, TOWNSHIP, '3705020010010011', '37050200100100x', 370502001001001])(
    'rejects %j with GRID_CODE_INVALID',
    (code) => {
      const result = gridCodeSchema.safeParse(code);
      expect(result.success).toBe(false);
      expect(result.error?.issues[0]?.message).toBe('GRID_CODE_INVALID');
    },
  );
});
