/**
 * The synthetic city's plan and the shapes of its items (functions/src/data/*, functions/local/seed.ts):
 * regions and grids, the bench staff, past health reports, quarantines, and the deterministic
 * names, phones and ids they are built from. city.ts streams them out.
 */
import { readFileSync } from 'node:fs';
import { addDays, isFever, localDateTime, maskPhone, type Slot } from '@grid/shared';
import type { GridItem } from '../../functions/src/contexts/hierarchy/entities/grid';
import type { RegionItem } from '../../functions/src/contexts/hierarchy/entities/region';
import type { PersonItem } from '../../functions/src/contexts/households/entities/person';
import type { UserItem } from '../../functions/src/contexts/identity/entities/users';
import {
  type QuarantineItem,
  quarantineKeys,
} from '../../functions/src/contexts/quarantine/entities/quarantine';
import {
  type HealthReportItem,
  pendingIndexKeys,
  submissionId,
} from '../../functions/src/contexts/reporting/entities/submissions';
import { encryptField, keyedHash } from '../../functions/src/lib/crypto/personal-data';
import { requestHash } from '../../functions/src/lib/idempotency';

const REGIONS_CSV = new URL('../../data/regions/3705-dongying.csv', import.meta.url);

export interface CityPlan {
  persons: number;
  /** Dongying: about 2 M people on 4,010 basic grids, so ~500 a grid. Kept constant across scales. */
  personsPerGrid: number;
  /** Days of report history before today (both slots). */
  historyDays: number;
  /** Share of persons reporting in a slot of the history. */
  reportRate: number;
  /** One household in this many is in home quarantine (all members). */
  quarantineOneIn: number;
  /** Grids the bench gridworker covers and the scenarios use. */
  sampleGrids: number;
  /** Persons the cross-match list should find again (facts.known); 0 unless a cross-match runs. */
  knownPersons: number;
  /** Today (Asia/Shanghai), the day the scenarios report for. */
  today: string;
  now: string;
}

export const DEFAULT_PLAN = {
  personsPerGrid: 500,
  historyDays: 2,
  reportRate: 0.5,
  quarantineOneIn: 60,
  sampleGrids: 32,
  knownPersons: 0,
} as const;

export const BENCH_GRIDWORKER_OPENID = 'bench-gw';
/** A city admin (scope 3705), for the centre views. */
export const BENCH_ADMIN_OPENID = 'bench-admin';

export type { PutRequest } from './bulk-load';

/** Small deterministic PRNG (mulberry32): the same plan gives the same city. */
export function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const SURNAMES = '王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗梁宋郑谢韩唐冯于董萧程曹袁邓许傅沈曾彭吕';
const GIVEN = '伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉兰建国志红梅鹏飞宇浩然思雨欣怡子涵';
/** As arrays once: a spread per pick was the generator's largest cost. */
export const SURNAME_LIST = [...SURNAMES];
export const GIVEN_LIST = [...GIVEN];
export const STREETS = ['府前街', '济南路', '西四路', '黄河路', '淄博路', '北一路', '东城路', '运河路'];

export function readRegions(): RegionItem[] {
  const [, ...lines] = readFileSync(REGIONS_CSV, 'utf8').trim().split('\n');
  return lines.map((line) => {
    const [code = '', name = '', level = '', parentCode = ''] = line.split(',');
    return { code, name, level, parentCode };
  });
}

/** Grid i sits on community i mod n with sequence ⌊i / n⌋ + 1, so grids spread over the whole city. */
export function cityGrids(regions: RegionItem[], count: number, now: string): GridItem[] {
  const villages = regions.filter((r) => r.level === 'village');
  return Array.from({ length: count }, (_, i) => {
    const village = villages[i % villages.length]!;
    const n = Math.floor(i / villages.length) + 1;
    return {
      gridCode: `${village.code}${String(n).padStart(3, '0')}`,
      name: `${village.name.replace(/居委会|村委会/, '')}第${n}网格`,
      kind: 'basic',
      villageCode: village.code,
      createdAt: now,
    };
  });
}

export function pick<T>(rand: () => number, list: readonly T[]): T {
  return list[Math.floor(rand() * list.length)]!;
}

export const pad = (n: number, width: number) => String(n).padStart(width, '0');

/** A distinct mainland mobile number per person index (15x–19x, away from the 13x demo phones). */
export function phoneOf(index: number): string {
  return `1${5 + (index % 5)}${pad(index % 1_000_000_000, 9)}`;
}

/** Stable fake ULID-shaped ids, so a rerun of the same plan writes the same keys. */
export function idOf(prefix: string, index: number): string {
  return `01BENCH${prefix}${pad(index, 18)}`.slice(0, 26);
}

export function staffUser(plan: CityPlan, role: 'gridworker' | 'admin', scopes: string[]): UserItem {
  const gridworker = role === 'gridworker';
  const phone = gridworker ? '13800009999' : '13800009998';
  return {
    userId: idOf('S', gridworker ? 1 : 2),
    role,
    name: gridworker ? '基准网格员' : '基准市中心',
    scopes,
    openid: gridworker ? BENCH_GRIDWORKER_OPENID : BENCH_ADMIN_OPENID,
    householdId: null,
    personId: null,
    phoneHash: keyedHash('phone', phone),
    phoneEnc: encryptField(phone),
    phoneMasked: maskPhone(phone),
    createdAt: plan.now,
    createdBy: 'bench',
  };
}

/** A past report: the latest history day's are half still pending (in the grid's gsi1 list), older ones verified. */
export function historyReport(
  plan: CityPlan,
  p: PersonItem,
  date: string,
  slot: Slot,
  reporterId: string,
  rand: () => number,
  latestDay: boolean,
): HealthReportItem & { gsi1pk?: string; gsi1sk?: string } {
  const hour = (slot === 'morning' ? 7 : 18) + Math.floor(rand() * 3);
  const measuredAt = localDateTime(date, `${pad(hour, 2)}:${pad(Math.floor(rand() * 60), 2)}`);
  const at = measuredAt.toISOString();
  const temperature = Math.round((36 + rand() * 1.2 + (rand() < 0.01 ? 1.5 : 0)) * 10) / 10;
  const pending = latestDay && rand() < 0.5;
  const idempotencyKey = `bench${date.replaceAll('-', '')}${slot[0]}${p.personId.slice(-12)}`;
  const item: HealthReportItem = {
    type: 'HEALTH_REPORT',
    submissionId: submissionId({ type: 'health', personId: p.personId, date, slot }),
    personId: p.personId,
    gridCode: p.gridCode,
    householdId: p.householdId,
    personName: p.name,
    idNumberMasked: p.idNumberMasked,
    phoneMasked: p.phoneMasked,
    date,
    slot,
    temperature,
    fever: isFever(temperature),
    symptoms: [],
    note: null,
    measuredAt: at,
    reportedAt: at,
    reporter: { userId: reporterId, role: 'resident', kind: p.relation === 'self' ? 'self' : 'proxy' },
    verification: pending
      ? { status: 'pending' }
      : { status: 'confirmed', method: 'phone', verifiedBy: idOf('S', 1), verifiedAt: plan.now },
    idempotencyKey,
    requestHash: requestHash({ personId: p.personId, temperature, symptoms: [] }),
    quarantineId: p.activeQuarantineId ?? null,
  };
  return pending ? { ...item, ...pendingIndexKeys(item, at) } : item;
}

export function quarantineItem(
  plan: CityPlan,
  p: PersonItem,
  address: string,
  last: { date: string; slot: Slot; temperature: number; at: string } | null,
): Record<string, unknown> {
  const quarantineId = p.activeQuarantineId!;
  const startDate = addDays(plan.today, -(plan.historyDays + 1));
  const q: QuarantineItem = {
    type: 'QUARANTINE',
    quarantineId,
    personId: p.personId,
    householdId: p.householdId,
    gridCode: p.gridCode,
    personName: p.name,
    phoneMasked: p.phoneMasked,
    address,
    status: 'active',
    reason: 'close_contact',
    reasonNote: null,
    startDate,
    plannedEndDate: addDays(startDate, 14),
    transferredTo: null,
    history: [{ at: plan.now, by: idOf('S', 1), action: 'placed', plannedEndDate: addDays(startDate, 14) }],
    version: 1,
    createdAt: plan.now,
    checks: last ? { date: last.date, morning: true, evening: last.slot === 'evening' } : null,
    lastTemperature: last?.temperature ?? null,
    lastReportAt: last?.at ?? null,
  };
  return {
    ...quarantineKeys.item(quarantineId),
    ...q,
    gsi1pk: quarantineKeys.activeInGrid(q.gridCode),
    gsi1sk: `${q.personId}#${q.quarantineId}`,
    gsi2pk: quarantineKeys.activeOfCity(q.gridCode.slice(0, 4)),
    gsi2sk: `${q.gridCode}#${q.quarantineId}`,
  };
}
