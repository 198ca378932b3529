/**
 * Routes a loosely written address to a community / village, else a street, else a district, by
 * the names in the region registry. Pure: built once from the registry, then used per row.
 *
 * Addresses drop the committee suffixes ("东营社区" for 东营社区居委会, "北王屋" for 北王屋村委会)
 * and often the street or district, so each region answers to several spellings; the longest one
 * found in the address wins, restricted to the street / district when those are named too. A
 * spelling found inside a longer spelling of another region does not count (陈庄 in 陈庄村).
 */
import { cleanText } from './cross-match-normalize';

export interface RegionName {
  code: string;
  name: string;
  level: string;
}

export interface RouteResult {
  level: 'village' | 'township' | 'county';
  code: string;
  matchedName: string;
}

const VILLAGE_SUFFIXES =
  /(社区居民委员会|社区居委会|类似居民委员会|类似居委会|类似村委会|居民委员会|居委会|村民委员会|村委会|委员会)$/;
const TOWNSHIP_SUFFIXES = /(街道办事处|街道|镇|乡|类似乡级单位)$/;
const COUNTY_SUFFIXES = /(区|县)$/;
/** Too common to mean a place on their own. */
const MIN_CORE_LENGTH = 2;

export function villageSpellings(name: string): string[] {
  const base = name.replace(VILLAGE_SUFFIXES, '');
  const out = new Set([name, base]);
  // 东营社区 / 北王屋村 → also 东营 / 北王屋 when long enough to be distinctive.
  const core = base.replace(/(社区|村|生活区)$/, '');
  if (core.length >= MIN_CORE_LENGTH) out.add(core);
  if (/社区居民委员会|社区居委会/.test(name)) out.add(`${base}社区`.replace(/社区社区$/, '社区'));
  if (/村民委员会|村委会/.test(name) && !base.endsWith('村')) out.add(`${base}村`);
  return [...out].filter((s) => s.length >= MIN_CORE_LENGTH);
}

function spellings(region: RegionName): string[] {
  if (region.level === 'village') return villageSpellings(region.name);
  const suffix = region.level === 'township' ? TOWNSHIP_SUFFIXES : COUNTY_SUFFIXES;
  const core = region.name.replace(suffix, '');
  return [...new Set([region.name, core])].filter((s) => s.length >= MIN_CORE_LENGTH);
}

interface Entry {
  spelling: string;
  region: RegionName;
}

interface Hit {
  entry: Entry;
  start: number;
  end: number;
}

export class AddressRouter {
  private readonly byLevel: Record<'village' | 'township' | 'county', Entry[]> = {
    village: [],
    township: [],
    county: [],
  };

  constructor(regions: readonly RegionName[], cityNames: readonly string[] = []) {
    // A core that is also a city's name (东营区 → 东营) would match every address in the city, and
    // a street's core that is its district's (河口街道 → 河口) would match every address there.
    const reserved = new Set(cityNames.flatMap((n) => [n, n.replace(/市$/, '')]));
    const countyCores = new Set(
      regions.filter((r) => r.level === 'county').map((r) => r.name.replace(COUNTY_SUFFIXES, '')),
    );
    for (const region of regions) {
      if (region.level !== 'village' && region.level !== 'township' && region.level !== 'county') continue;
      for (const spelling of spellings(region)) {
        if (reserved.has(spelling)) continue;
        if (region.level !== 'county' && countyCores.has(spelling)) continue;
        this.byLevel[region.level].push({ spelling, region });
      }
    }
    for (const list of Object.values(this.byLevel))
      list.sort((a, b) => b.spelling.length - a.spelling.length);
  }

  /** Every spelling found in the text, where it was found. */
  private matches(text: string): Hit[] {
    const hits: Hit[] = [];
    for (const level of ['county', 'township', 'village'] as const) {
      for (const entry of this.byLevel[level]) {
        for (let at = text.indexOf(entry.spelling); at >= 0; at = text.indexOf(entry.spelling, at + 1)) {
          hits.push({ entry, start: at, end: at + entry.spelling.length });
        }
      }
    }
    // A name read out of a longer name of another region is not a name: 陈庄 in 陈庄村 (not 陈庄镇),
    // 河口 in 黄河口镇 (not 河口区), 兴隆村 in 西兴隆村.
    return hits.filter(
      (h) =>
        !hits.some(
          (o) =>
            o.entry.region.code !== h.entry.region.code &&
            o.start <= h.start &&
            o.end >= h.end &&
            o.end - o.start > h.end - h.start,
        ),
    );
  }

  /** The longest spelling of a level found within scope; null when none, or when two regions tie. */
  private best(
    hits: readonly Hit[],
    level: Hit['entry']['region']['level'],
    within: string | null,
  ): Entry | null {
    let found: Entry | null = null;
    for (const { entry } of hits) {
      if (entry.region.level !== level || (within && !entry.region.code.startsWith(within))) continue;
      if (!found || entry.spelling.length > found.spelling.length) found = entry;
    }
    if (!found) return null;
    const tied = hits.some(
      ({ entry }) =>
        entry.region.level === level &&
        entry.spelling.length === found.spelling.length &&
        entry.region.code !== found.region.code &&
        (!within || entry.region.code.startsWith(within)),
    );
    return tied ? null : found;
  }

  route(address: string | null): RouteResult | null {
    if (!address) return null;
    const text = cleanText(address).replace(/\s+/g, '');
    const hits = this.matches(text);
    const county = this.best(hits, 'county', null);
    const township = this.best(hits, 'township', county?.region.code ?? null);
    const village = this.best(hits, 'village', township?.region.code ?? county?.region.code ?? null);
    const hit = village ?? township ?? county;
    if (!hit) return null;
    return {
      level: hit.region.level as RouteResult['level'],
      code: hit.region.code,
      matchedName: hit.region.name,
    };
  }
}

/** A grid of a village and what it covers. */
export interface CoveringGrid {
  gridCode: string;
  covers?: readonly string[];
}

/**
 * The grid of a village a row goes to: the one covering the longest name the address holds (an
 * estate, a building, a street), else the lowest-numbered. Undefined when the village has no grid.
 */
export function chooseGrid(
  grids: readonly CoveringGrid[] | undefined,
  address: string | null,
): string | undefined {
  if (!grids || grids.length === 0) return undefined;
  const sorted = [...grids].sort((a, b) => a.gridCode.localeCompare(b.gridCode));
  const text = address ? cleanText(address).replace(/\s+/g, '') : '';
  let best: { gridCode: string; length: number } | undefined;
  for (const grid of sorted) {
    for (const cover of grid.covers ?? []) {
      const name = cleanText(cover).replace(/\s+/g, '');
      if (name.length >= MIN_CORE_LENGTH && text.includes(name) && name.length > (best?.length ?? 0))
        best = { gridCode: grid.gridCode, length: name.length };
    }
  }
  return best?.gridCode ?? sorted[0]!.gridCode;
}
