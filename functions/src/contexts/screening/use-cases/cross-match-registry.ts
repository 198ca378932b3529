/** The region registry and grids a chunk's rows are routed with. */
import { provinceOf, villageOf } from '@grid/shared';
import { listGridsOfCity } from '../../hierarchy/entities/grid';
import { listChildRegions } from '../../hierarchy/entities/region';
import { AddressRouter, type CoveringGrid } from './cross-match-router';

/** The division names of a city, for routing (cached per container: they change rarely). */
export interface Registry {
  router: AddressRouter;
  loadedAt: number;
}

/**
 * Village code → its grids with what they cover. Read for every chunk, never cached: a grid created
 * or changed takes effect from the next chunk on (one gsi1 query of the city's grid list).
 */
export type GridsByVillage = Map<string, CoveringGrid[]>;

export async function gridsByVillageOf(cityCode: string): Promise<GridsByVillage> {
  const byVillage: GridsByVillage = new Map();
  for (const grid of await listGridsOfCity(cityCode)) {
    const village = villageOf(grid.gridCode);
    byVillage.set(village, [...(byVillage.get(village) ?? []), grid]);
  }
  return byVillage;
}

const REGISTRY_TTL_MS = 10 * 60_000;
const registries = new Map<string, Promise<Registry>>();

async function buildRegistry(cityCode: string): Promise<Registry> {
  const [cities, counties] = await Promise.all([
    listChildRegions(provinceOf(cityCode)),
    listChildRegions(cityCode),
  ]);
  const townships = (await Promise.all(counties.map((c) => listChildRegions(c.code)))).flat();
  const villages = (await Promise.all(townships.map((t) => listChildRegions(t.code)))).flat();
  const cityNames = cities.map((c) => c.name);
  return {
    router: new AddressRouter([...counties, ...townships, ...villages], cityNames),
    loadedAt: Date.now(),
  };
}

export async function registryOf(cityCode: string): Promise<Registry> {
  const cached = registries.get(cityCode);
  if (cached) {
    const registry = await cached.catch(() => undefined);
    if (registry && Date.now() - registry.loadedAt < REGISTRY_TTL_MS) return registry;
  }
  const loading = buildRegistry(cityCode);
  registries.set(cityCode, loading);
  return loading;
}
