import * as z from 'zod';

export type RegionLevel = 'province' | 'city' | 'county' | 'township' | 'village' | 'grid';

// National statistical division codes; a grid is its village/community code plus a 3-digit sequence.
export const LEVEL_LENGTHS: Record<RegionLevel, number> = {
  province: 2,
  city: 4,
  county: 6,
  township: 9,
  village: 12,
  grid: 15,
};

const LEVELS_TOP_DOWN: readonly RegionLevel[] = ['province', 'city', 'county', 'township', 'village', 'grid'];

export function levelOf(code: string): RegionLevel | null {
  if (!/^\d+$/.test(code)) return null;
  return LEVELS_TOP_DOWN.find((level) => LEVEL_LENGTHS[level] === code.length) ?? null;
}

export function parentOf(code: string): string | null {
  const level = levelOf(code);
  if (level === null) return null;
  const parentLevel = LEVELS_TOP_DOWN[LEVELS_TOP_DOWN.indexOf(level) - 1];
  return parentLevel === undefined ? null : code.slice(0, LEVEL_LENGTHS[parentLevel]);
}

/**
 * The region at `level` that holds `code`: its prefix of that level's length (what `code.slice(0, 9)`
 * wrote before). For a code at or below that level; a shorter code comes back unchanged.
 */
export function regionAt(code: string, level: RegionLevel): string {
  return code.slice(0, LEVEL_LENGTHS[level]);
}
export const provinceOf = (code: string): string => regionAt(code, 'province');
export const cityOf = (code: string): string => regionAt(code, 'city');
export const countyOf = (code: string): string => regionAt(code, 'county');
export const townshipOf = (code: string): string => regionAt(code, 'township');
export const villageOf = (code: string): string => regionAt(code, 'village');

// From the province down to the direct parent; empty for a province or an invalid code.
export function ancestorsOf(code: string): string[] {
  const level = levelOf(code);
  if (level === null) return [];
  return LEVELS_TOP_DOWN.slice(0, LEVELS_TOP_DOWN.indexOf(level)).map((ancestor) =>
    code.slice(0, LEVEL_LENGTHS[ancestor]),
  );
}

// Every level has its own fixed length, so a valid scope is a prefix only of its own descendants.
export function isWithinScope(code: string, scope: string): boolean {
  const codeLevel = levelOf(code);
  const scopeLevel = levelOf(scope);
  if (codeLevel === null || scopeLevel === null) return false;
  return LEVEL_LENGTHS[scopeLevel] <= LEVEL_LENGTHS[codeLevel] && code.startsWith(scope);
}

export function isWithinAnyScope(code: string, scopes: readonly string[]): boolean {
  return scopes.some((scope) => isWithinScope(code, scope));
}

// Any level, grids included: a user's scopes mix region codes and grid codes.
export const regionCodeSchema = z
  .string({ error: 'REGION_CODE_INVALID' })
  .refine((code) => levelOf(code) !== null, { message: 'REGION_CODE_INVALID' });

export const gridCodeSchema = z
  .string({ error: 'GRID_CODE_INVALID' })
  .refine((code) => levelOf(code) === 'grid', { message: 'GRID_CODE_INVALID' });
