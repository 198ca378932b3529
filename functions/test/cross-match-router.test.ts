/**
 * The address router over every village and community of data/regions (issue 15, item 8): the
 * official name, the usual short name (…社区, …村) and the name with its street (and district)
 * each route to that village — unless another village in the same scope answers to the same name,
 * and then the row goes up a level, never to the wrong village.
 */
import { describe, expect, it } from 'vitest';
import { cityRegions } from '../src/contexts/hierarchy/regions';
import { AddressRouter, villageSpellings } from '../src/contexts/screening/use-cases/cross-match-router';

const rows = cityRegions('3705')!;
const byCode = new Map(rows.map((r) => [r.code, r]));
const villages = rows.filter((r) => r.level === 'village');
const router = new AddressRouter(
  rows.map((r) => ({ code: r.code, name: r.name, level: r.level })),
  ['东营市'],
);

/** The name people use: 科苑社区 for 科苑社区居民委员会, 北王屋村 for 北王屋村委会. */
function usualName(official: string): string {
  const spellings = villageSpellings(official);
  return spellings.find((s) => /(社区|村)$/.test(s) && s !== official) ?? spellings[spellings.length - 1]!;
}

/** Another village under `scope` answers to a spelling found in `written`, at least as long as the name. */
function hasRival(code: string, scope: string, written: string): boolean {
  return villages.some(
    (o) =>
      o.code !== code &&
      o.code.startsWith(scope) &&
      villageSpellings(o.name).some((s) => written.includes(s) && s.length >= written.length),
  );
}

describe('routing every village of Dongying', () => {
  it('by its official name, its usual name and with its street or district in front', () => {
    const wrong: string[] = [];
    const missed: string[] = [];
    let tried = 0;
    for (const v of villages) {
      const street = byCode.get(v.parentCode)!;
      const county = byCode.get(street.parentCode)!;
      const usual = usualName(v.name);
      const streetUnique = rows.filter((r) => r.level === 'township' && r.name === street.name).length === 1;
      const streetScope = streetUnique ? street.code : '3705';
      const forms: Array<[address: string, scope: string, name: string]> = [
        [v.name, '3705', v.name],
        [usual, '3705', usual],
        [`${street.name}${v.name}`, streetScope, v.name],
        [`${street.name}${usual}`, streetScope, usual],
        [`${county.name}${street.name}${usual}12号`, street.code, usual],
      ];
      for (const [address, scope, name] of forms) {
        tried++;
        const routed = router.route(address);
        if (routed?.level === 'village' && routed.code !== v.code)
          wrong.push(`${address} → ${routed.matchedName} ${routed.code}, not ${v.code}`);
        else if (routed?.code !== v.code && !hasRival(v.code, scope, name))
          missed.push(`${address} → ${routed?.code ?? 'nothing'}, not ${v.code}`);
      }
    }
    expect(tried).toBe(1921 * 5);
    expect(wrong, 'routed to another village').toEqual([]);
    expect(missed, 'not routed although the name is unique in its scope').toEqual([]);
  });

  it('does not read a street or district out of a village’s own name', () => {
    // 陈庄村 (东营区牛庄镇) is not 陈庄镇 (利津县); 黄河口镇 (垦利区) is not 河口区; 西兴隆村 is not 兴隆村.
    expect(router.route('陈庄村')?.code).toBe('370502102221');
    expect(router.route('黄河口镇西隋村5号')?.code).toBe('370505105201');
    expect(router.route('西兴隆村')?.code).toBe('370505001253');
    expect(router.route('三义和村')?.code).toBe('370503002201');
  });

  it('takes the usual name of a quasi-committee (类似居委会)', () => {
    expect(villageSpellings('胜利油田锦霞类似居委会')).toContain('胜利油田锦霞');
    expect(router.route('胜利油田锦霞')?.code).toBe('370505001400');
  });
});
