/**
 * A synthetic city in the item shapes the app writes: Dongying's regions, grids on its communities,
 * households of 2–4 persons with valid ID numbers and phones encrypted with the configured keys,
 * resident accounts, a quarantined share with quarantine items, a few days of health-report history
 * (the last day's half still pending), and one bench gridworker for a sample of grids. Items stream
 * out of a generator (city-load.ts writes them), so memory stays flat at any scale.
 */
import { addDays, makeIdNumber, maskIdNumber, maskPhone, PRIVACY_NOTICE, type Slot } from '@grid/shared';
import { gridPutRequest } from '../../functions/src/contexts/hierarchy/entities/grid';
import { regionPutRequest } from '../../functions/src/contexts/hierarchy/entities/region';
import type { HouseholdItem } from '../../functions/src/contexts/households/entities/household';
import type { PersonItem } from '../../functions/src/contexts/households/entities/person';
import { personKeyKeys } from '../../functions/src/contexts/households/entities/person-key';
import { identityKeysOf } from '../../functions/src/contexts/households/use-cases/person-identity';
import type { UserItem } from '../../functions/src/contexts/identity/entities/users';
import { healthReportKeys } from '../../functions/src/contexts/reporting/entities/health-report';
import { encryptField, keyedHash } from '../../functions/src/lib/crypto/personal-data';
import { keys } from '../../functions/src/lib/dynamo/keys';
import type { KnownPerson } from '../support/cross-match-list';
import {
  type CityPlan,
  cityGrids,
  GIVEN_LIST,
  historyReport,
  idOf,
  type PutRequest,
  pad,
  phoneOf,
  pick,
  quarantineItem,
  random,
  readRegions,
  STREETS,
  SURNAME_LIST,
  staffUser,
} from './city-shapes';

export {
  BENCH_ADMIN_OPENID,
  BENCH_GRIDWORKER_OPENID,
  type CityPlan,
  DEFAULT_PLAN,
  type PutRequest,
} from './city-shapes';

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
  /** Persons on file for the cross-match list to find again (plan.knownPersons of them, spread over the city). */
  known: KnownPerson[];
  counts: {
    regions: number;
    grids: number;
    households: number;
    persons: number;
    quarantined: number;
    reports: number;
    pendingReports: number;
    /** PERSON_KEY items (ID, phone, name + birth date), as the personIdentity consumer keeps them. */
    identityKeys?: number;
    users: number;
    items: number;
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

  // Known persons spread over the whole city, not its first grids.
  const knownEvery = Math.max(1, Math.floor(plan.persons / Math.max(1, plan.knownPersons)));
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
      const surname = pick(rand, SURNAME_LIST);
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
        const name = `${relation === 'self' || relation === 'child' ? surname : pick(rand, SURNAME_LIST)}${pick(rand, GIVEN_LIST)}${rand() < 0.6 ? pick(rand, GIVEN_LIST) : ''}`;
        if (index % knownEvery === 0 && facts.known.length < plan.knownPersons)
          facts.known.push({ name, idNumber, phone });
        persons.push({
          personId,
          householdId,
          gridCode: grid.gridCode,
          name,
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
        for (const k of identityKeysOf(p)) {
          count('identityKeys');
          yield {
            PutRequest: {
              Item: {
                ...personKeyKeys.item(k.kind, k.hash),
                type: 'PERSON_KEY',
                holders: new Set([`${p.personId}#${p.gridCode}`]),
              },
            },
          };
        }
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

export function emptyFacts(): CityFacts {
  return {
    grids: [],
    sampleGrids: [],
    sampleHouseholds: [],
    known: [],
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
