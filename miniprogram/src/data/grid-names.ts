import { useEffect, useSyncExternalStore } from 'react';
import { zhStaff } from '../i18n/zh-staff';
import { getRegionChildren } from '../services/api-staff';
import { createSignal, readStored, STORAGE_KEYS, writeStored } from '../services/storage';

/**
 * Grid names for the codes a screen shows: fetched once per community (its children are its
 * grids), kept on the phone so they show without signal too. A name not known yet shows the code.
 */
const signal = createSignal();
let names: Record<string, string> = readStored<Record<string, string>>(STORAGE_KEYS.gridNames) ?? {};
const asked = new Set<string>();

async function learn(village: string): Promise<void> {
  if (asked.has(village)) return;
  asked.add(village);
  try {
    const region = await getRegionChildren(village);
    // "油建社区居民委员会第3网格" reads as "油建社区第3网格" on a phone.
    const short = (name: string) => name.replace(/居民委员会|村民委员会|居委会|村委会/g, '');
    names = { ...names, [village]: short(region.name) };
    for (const child of region.children) names[child.code] = short(child.name);
    writeStored(STORAGE_KEYS.gridNames, names);
    signal.emit();
  } catch {
    asked.delete(village); // offline or refused: the code stays on screen, try again next time
  }
}

/** The grid's name alone (for a chip), or its code until the name is known. */
export function gridName(code: string): string {
  return names[code] ?? code;
}

/** "文汇社区第3网格（370502001027003）", or the bare code until the name is known. */
export function gridLabel(code: string): string {
  const name = names[code];
  return name ? zhStaff.grid.label(name, code) : code;
}

/** Re-renders when names arrive; asks for the communities of the given grid (or village) codes. */
export function useGridNames(codes: readonly string[]): (code: string) => string {
  useSyncExternalStore(signal.subscribe, signal.version);
  const key = codes.join(',');
  // biome-ignore lint/correctness/useExhaustiveDependencies: the joined codes are the dependency
  useEffect(() => {
    for (const code of codes) if (code.length >= 12 && !names[code]) void learn(code.slice(0, 12));
  }, [key]);
  return gridLabel;
}
