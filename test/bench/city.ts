/**
 * A synthetic city in the item shapes the app writes (the entity modules under functions/src/contexts, functions/local/seed.ts):
 * Dongying's regions, grids on its communities, households of 2–4 persons with valid ID numbers and
 * phones encrypted with the configured keys, resident accounts, a quarantined share with quarantine
 * items, a few days of health-report history (the last day's half still pending), and one bench
 * gridworker for a sample of grids. Items stream out of a generator and go in through parallel
 * BatchWrite, so memory stays flat at any scale.
 */
import { readFileSync } from 'node:fs';
import { BatchWriteCommand } from '@aws-sdk/lib-dynamodb';
import {
  addDays,
  isFever,
  localDateTime,
  makeIdNumber,
  maskIdNumber,
  maskPhone,
  PRIVACY_NOTICE,
  type Slot,
} from '@grid/shared';
import {
  type GridItem,
  gridPutRequest,
  type RegionItem,
  regionPutRequest,
} from '../../functions/src/contexts/hierarchy/entities/grids';
import type { HouseholdItem, PersonItem } from '../../functions/src/contexts/households/entities/households';
import type { UserItem } from '../../functions/src/contexts/identity/entities/users';
import type { QuarantineItem } from '../../functions/src/contexts/quarantine/entities/quarantines';
import { healthReportKeys } from '../../functions/src/contexts/reporting/entities/health-report';
import {
  type HealthReportItem,
  pendingIndexKeys,
  submissionId,
} from '../../functions/src/contexts/reporting/entities/submissions';
import { encryptField, keyedHash } from '../../functions/src/lib/crypto/personal-data';
import { db, tableName } from '../../functions/src/lib/dynamo/client';
import { keys } from '../../functions/src/lib/dynamo/keys';
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
} as const;

export const BENCH_GRIDWORKER_OPENID = 'bench-gw';
/** A city admin (scope 3705), for the centre views. */
export const BENCH_ADMIN_OPENID = 'bench-admin';

export interface SampleHousehold {
  householdId: string;
  gridCode: string;
  ownerOpenid: string;
  personIds: string[];
  quarantined: boolean;
}

/** What the scenarios need to know about the city; filled while the items stream out. */
export interface CityFacts {
  grids: string[];
  sampleGrids: string[];
  sampleHouseholds: SampleHousehold[];
  counts: {
    regions: number;
    grids: number;
    households: number;
    persons: number;
    quarantined: number;
    reports: number;
    pendingReports: number;
    users: number;
    items: number;
  };
}

type PutRequest = { PutRequest: { Item: Record<string, unknown> } };

/** Small deterministic PRNG (mulberry32): the same plan gives the same city. */
function random(seed: number): () => number {
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
const STREETS = ['府前街', '济南路', '西四路', '黄河路', '淄博路', '北一路', '东城路', '运河路'];

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

function pick<T>(rand: () => number, list: readonly T[]): T {
  return list[Math.floor(rand() * list.length)]!;
}

const pad = (n: number, width: number) => String(n).padStart(width, '0');

/** A distinct mainland mobile number per person index (15x–19x, away from the 13x demo phones). */
function phoneOf(index: number): string {
  return `1${5 + (index % 5)}${pad(index % 1_000_000_000, 9)}`;
}

/** Stable fake ULID-shaped ids, so a rerun of the same plan writes the same keys. */
function idOf(prefix: string, index: number): string {
  return `01BENCH${prefix}${pad(index, 18)}`.slice(0, 26);
}

function staffUser(plan: CityPlan, role: 'gridworker' | 'admin', scopes: string[]): UserItem {
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

/** Every item of the city, in write order. `facts` is complete once the generator is done. */
export function* cityItems(plan: CityPlan, facts: CityFacts): Generator<PutRequest> {
  const rand = random(plan.persons);
  const regions = readRegions();
  const gridCount = Math.max(1, Math.ceil(plan.persons / plan.personsPerGrid));
  const grids = cityGrids(regions, gridCount, plan.now);
  facts.grids = grids.map((g) => g.gridCode);
  const step = Math.max(1, Math.floor(gridCount / plan.sampleGrids));
  facts.sampleGrids = facts.grids.filter((_, i) => i % step === 0).slice(0, plan.sampleGrids);
  const sample = new Set(facts.sampleGrids);
  const count = (key: keyof CityFacts['counts'], n = 1) => {
    facts.counts[key] += n;
  };

  for (const region of regions.filter((r) => r.parentCode)) {
    count('regions');
    yield regionPutRequest(region) as PutRequest;
  }
  for (const grid of grids) {
    count('grids');
    yield gridPutRequest(grid) as PutRequest;
  }

  // The bench staff, bound to their WeChat identities like the seeded demo staff.
  const gw = staffUser(plan, 'gridworker', facts.sampleGrids);
  for (const staff of [gw, staffUser(plan, 'admin', [grids[0]!.gridCode.slice(0, 4)])]) {
    count('users');
    yield { PutRequest: { Item: { ...keys.user(staff.userId), type: 'USER', ...staff } } };
    yield {
      PutRequest: {
        Item: { ...keys.staffPhone(staff.phoneHash!), type: 'STAFFPHONE', userId: staff.userId },
      },
    };
    yield {
      PutRequest: {
        Item: { ...keys.openid(staff.openid!), type: 'OPENID', userId: staff.userId, createdAt: plan.now },
      },
    };
  }
  for (const grid of facts.sampleGrids) {
    yield {
      PutRequest: {
        Item: {
          ...keys.gridStaff(grid, gw.userId),
          type: 'GRIDSTAFF',
          userId: gw.userId,
          role: 'gridworker',
        },
      },
    };
  }

  const historyDates = Array.from({ length: plan.historyDays }, (_, d) => addDays(plan.today, -(d + 1)));
  let personIndex = 0;
  let householdIndex = 0;
  for (const grid of grids) {
    let left = Math.min(plan.personsPerGrid, plan.persons - personIndex);
    while (left > 0) {
      const size = Math.min(left, 2 + Math.floor(rand() * 3));
      left -= size;
      const hh = householdIndex++;
      const householdId = idOf('H', hh);
      const ownerId = idOf('R', hh);
      const ownerOpenid = `bench-r-${hh}`;
      const quarantined = hh % plan.quarantineOneIn === plan.quarantineOneIn - 1;
      const address = `${grid.name} ${pick(rand, STREETS)} ${1 + Math.floor(rand() * 200)} 号 ${1 + (hh % 6)} 单元 ${101 + (hh % 18) * 100}`;
      const surname = pick(rand, [...SURNAMES]);
      const persons: PersonItem[] = [];
      for (let m = 0; m < size; m++) {
        const index = personIndex++;
        const relation = m === 0 ? 'self' : m === 1 ? 'spouse' : rand() < 0.5 ? 'child' : 'parent';
        const age =
          relation === 'child'
            ? 3 + Math.floor(rand() * 15)
            : relation === 'parent'
              ? 60 + Math.floor(rand() * 25)
              : 25 + Math.floor(rand() * 30);
        const birthDate = `${2026 - age}-${pad(1 + Math.floor(rand() * 12), 2)}-${pad(1 + Math.floor(rand() * 28), 2)}`;
        const sex = rand() < 0.5 ? 'male' : 'female';
        // GB 11643: the 17th digit is odd for men.
        const seq = (Math.floor(index / 2) % 500) * 2 + (sex === 'male' ? 1 : 0);
        const idNumber = makeIdNumber(grid.villageCode.slice(0, 6), birthDate, pad(seq, 3));
        const phone = relation === 'self' || relation === 'spouse' ? phoneOf(index) : null;
        const personId = idOf('P', index);
        persons.push({
          personId,
          householdId,
          gridCode: grid.gridCode,
          name: `${relation === 'self' || relation === 'child' ? surname : pick(rand, [...SURNAMES])}${pick(rand, [...GIVEN])}${rand() < 0.6 ? pick(rand, [...GIVEN]) : ''}`,
          relation,
          idHash: keyedHash('id', idNumber),
          idNumberEnc: encryptField(idNumber),
          idNumberMasked: maskIdNumber(idNumber),
          phoneHash: phone ? keyedHash('phone', phone) : null,
          phoneEnc: phone ? encryptField(phone) : null,
          phoneMasked: phone ? maskPhone(phone) : null,
          birthDate,
          sex,
          version: 1,
          createdAt: plan.now,
          ...(quarantined ? { activeQuarantineId: idOf('Q', index) } : {}),
        });
      }
      const household: HouseholdItem = {
        householdId,
        address,
        gridCode: grid.gridCode,
        memberIds: persons.map((p) => p.personId),
        memberIdHashes: persons.map((p) => p.idHash),
        createdAt: plan.now,
        createdBy: ownerId,
        ownerUserId: ownerId,
        idempotencyKey: null,
      };
      const self = persons[0]!;
      // The resident account as createResidentWithOpenid + createHousehold leave it.
      const owner: UserItem = {
        userId: ownerId,
        role: 'resident',
        name: '微信用户',
        scopes: [],
        openid: ownerOpenid,
        householdId,
        personId: self.personId,
        phoneHash: null,
        phoneEnc: null,
        phoneMasked: null,
        createdAt: plan.now,
        createdBy: null,
        privacyConsent: { version: PRIVACY_NOTICE.version, acceptedAt: plan.now },
      };
      count('households');
      count('users');
      count('persons', size);
      yield { PutRequest: { Item: { ...keys.user(ownerId), type: 'USER', ...owner } } };
      yield {
        PutRequest: {
          Item: { ...keys.openid(ownerOpenid), type: 'OPENID', userId: ownerId, createdAt: plan.now },
        },
      };
      yield { PutRequest: { Item: { ...keys.household(householdId), type: 'HOUSEHOLD', ...household } } };
      for (const p of persons) {
        yield {
          PutRequest: {
            Item: {
              ...keys.person(p.personId),
              type: 'PERSON',
              ...p,
              ...keys.personByIdHash(p.idHash),
              gsi2sk: `PERSON#${p.personId}`,
            },
          },
        };
      }
      if (sample.has(grid.gridCode)) {
        facts.sampleHouseholds.push({
          householdId,
          gridCode: grid.gridCode,
          ownerOpenid,
          personIds: persons.map((p) => p.personId),
          quarantined,
        });
      }
      for (const p of persons) {
        let lastReport: { date: string; slot: Slot; temperature: number; at: string } | null = null;
        for (const date of [...historyDates].reverse()) {
          for (const slot of ['morning', 'evening'] as const) {
            if (!quarantined && rand() >= plan.reportRate) continue;
            const report = historyReport(plan, p, date, slot, ownerId, rand, date === historyDates[0]);
            count('reports');
            if (report.gsi1pk) count('pendingReports');
            lastReport = { date, slot, temperature: report.temperature, at: report.reportedAt };
            yield { PutRequest: { Item: { ...healthReportKeys.item(p.personId, date, slot), ...report } } };
          }
        }
        if (quarantined) {
          count('quarantined');
          yield { PutRequest: { Item: quarantineItem(plan, p, address, lastReport) } };
        }
      }
    }
  }
}

/** A past report: the latest history day's are half still pending (in the grid's gsi1 list), older ones verified. */
function historyReport(
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

function quarantineItem(
  plan: CityPlan,
  p: PersonItem,
  address: string,
  last: { date: string; slot: Slot; temperature: number; at: string } | null,
): Record<string, unknown> {
  const quarantineId = p.activeQuarantineId!;
  const startDate = addDays(plan.today, -(plan.historyDays + 1));
  const q: QuarantineItem = {
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
    ...keys.quarantine(quarantineId),
    type: 'QUARANTINE',
    ...q,
    gsi1pk: keys.quarantinedInGrid(q.gridCode),
    gsi1sk: `${q.personId}#${q.quarantineId}`,
    gsi2pk: keys.activeQuarantinesOfCity(q.gridCode.slice(0, 4)),
    gsi2sk: `${q.gridCode}#${q.quarantineId}`,
  };
}

export function emptyFacts(): CityFacts {
  return {
    grids: [],
    sampleGrids: [],
    sampleHouseholds: [],
    counts: {
      regions: 0,
      grids: 0,
      households: 0,
      persons: 0,
      quarantined: 0,
      reports: 0,
      pendingReports: 0,
      users: 0,
      items: 0,
    },
  };
}

export interface LoadResult {
  items: number;
  seconds: number;
  itemsPerSecond: number;
  personsPerSecond: number;
  unprocessedRetries: number;
}

/**
 * Writes the items through `concurrency` parallel BatchWrite loops of 25, retrying what DynamoDB
 * hands back. Stops with an error past `deadlineMs`.
 */
export async function loadCity(
  plan: CityPlan,
  facts: CityFacts,
  opts: { concurrency: number; deadlineMs: number; onProgress?: (items: number, seconds: number) => void },
): Promise<LoadResult> {
  const items = cityItems(plan, facts);
  const started = performance.now();
  const deadline = Date.now() + opts.deadlineMs;
  let written = 0;
  let retries = 0;
  let lastReport = started;
  const nextBatch = (): PutRequest[] => {
    const batch: PutRequest[] = [];
    for (let next = items.next(); !next.done; next = items.next()) {
      batch.push(next.value);
      if (batch.length === 25) break;
    }
    return batch;
  };
  const worker = async () => {
    for (let batch = nextBatch(); batch.length > 0; batch = nextBatch()) {
      if (Date.now() > deadline)
        throw new Error(`load exceeded its time limit of ${opts.deadlineMs / 1000} s`);
      let pending: Record<string, unknown>[] = batch;
      for (let attempt = 0; pending.length > 0; attempt++) {
        if (attempt > 10) throw new Error('BatchWrite kept returning unprocessed items');
        if (attempt > 0) {
          retries++;
          await new Promise((r) => setTimeout(r, 20 * 2 ** attempt));
        }
        const out = await db().send(new BatchWriteCommand({ RequestItems: { [tableName()]: pending } }));
        pending = (out.UnprocessedItems?.[tableName()] as Record<string, unknown>[] | undefined) ?? [];
      }
      written += batch.length;
      const now = performance.now();
      if (opts.onProgress && now - lastReport > 10_000) {
        lastReport = now;
        opts.onProgress(written, (now - started) / 1000);
      }
    }
  };
  await Promise.all(Array.from({ length: opts.concurrency }, worker));
  const seconds = (performance.now() - started) / 1000;
  facts.counts.items = written;
  return {
    items: written,
    seconds,
    itemsPerSecond: written / seconds,
    personsPerSecond: facts.counts.persons / seconds,
    unprocessedRetries: retries,
  };
}
