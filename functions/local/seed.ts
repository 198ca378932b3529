/**
 * Demo data for the local runtime: Dongying (3705) from the national division codes, grids in a
 * few communities of two streets, staff, and resident households. Runs once per database (a
 * marker item makes a restart keep what the demo changed) and resumes where an interrupted run stopped.
 */
import { readFileSync } from 'node:fs';
import { GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import {
  addDays,
  DEFAULT_QUARANTINE_DAYS,
  localDate,
  makeIdNumber,
  maskIdNumber,
  maskPhone,
  PRIVACY_NOTICE,
} from '@grid/shared';
import { ulid } from 'ulid';
import { type GridItem, gridPutRequest } from '../src/contexts/hierarchy/entities/grid';
import { type RegionItem, regionPutRequest } from '../src/contexts/hierarchy/entities/region';
import {
  createResidentHousehold,
  getHousehold,
  type HouseholdItem,
} from '../src/contexts/households/entities/household';
import { getPersons, type PersonItem } from '../src/contexts/households/entities/person';
import {
  createResidentWithOpenid,
  createStaff,
  findStaffIdByPhoneHash,
  findUserIdByOpenid,
  getUser,
  linkUserToNewHouseholdWrite,
  type UserItem,
} from '../src/contexts/identity/entities/users';
import { placeQuarantines } from '../src/contexts/quarantine/entities/quarantine';
import { encryptField, keyedHash } from '../src/lib/crypto/personal-data';
import { batchWrite } from '../src/lib/dynamo/batch';
import { db, tableName } from '../src/lib/dynamo/client';
import { keys } from '../src/lib/dynamo/keys';

const SEED_VERSION = 'demo-v1';
const REGIONS_CSV = new URL('../../data/regions/3705-dongying.csv', import.meta.url);

/**
 * The streets whose first three communities get grids: 文汇街道, 黄河路街道 and 辛店街道, 东营区.
 * (辛店 is left to the statistics tests, so its totals change only by what they do.)
 */
const DEMO_STREETS = ['370502001', '370502002', '370502004'];
const GRIDS_PER_COMMUNITY = 3;

export interface DemoLogin {
  openid: string;
  /** What to send as the wx.login code to the local fake WeChat. */
  code: string;
  role: UserItem['role'];
  name: string;
  scopes: string[];
}

export const DEMO_LOGINS: DemoLogin[] = [
  {
    openid: 'demo-admin',
    code: 'test:demo-admin',
    role: 'admin',
    name: '东营市网格化服务中心',
    scopes: ['3705'],
  },
  {
    openid: 'demo-street',
    code: 'test:demo-street',
    role: 'centre',
    name: '文汇街道网格中心',
    scopes: ['370502001'],
  },
  {
    openid: 'demo-gw1',
    code: 'test:demo-gw1',
    role: 'gridworker',
    name: '张敏（网格员）',
    scopes: ['370502001027003', '370502001013003'],
  },
  {
    openid: 'demo-gw2',
    code: 'test:demo-gw2',
    role: 'gridworker',
    name: '李强（网格员）',
    scopes: ['370502001011003'],
  },
  { openid: 'demo-res1', code: 'test:demo-res1', role: 'resident', name: '王建国', scopes: [] },
  { openid: 'demo-res2', code: 'test:demo-res2', role: 'resident', name: '赵丽', scopes: [] },
];

/** A staff record nobody has bound yet: sign in with any test code, then bind with this phone code. */
export const UNBOUND_STAFF = {
  name: '陈静（网格员）',
  phone: '13800000003',
  phoneCode: 'test-phone:13800000003',
  grid: '370502001013003',
};

function readRegions(): RegionItem[] {
  const [, ...lines] = readFileSync(REGIONS_CSV, 'utf8').trim().split('\n');
  return lines.map((line) => {
    const [code = '', name = '', level = '', parentCode = ''] = line.split(',');
    return { code, name, level, parentCode };
  });
}

function demoGrids(regions: RegionItem[], now: string): GridItem[] {
  const grids: GridItem[] = [];
  for (const street of DEMO_STREETS) {
    const communities = regions.filter((r) => r.level === 'village' && r.parentCode === street).slice(0, 3);
    for (const community of communities) {
      for (let n = 1; n <= GRIDS_PER_COMMUNITY; n++) {
        grids.push({
          gridCode: `${community.code}${String(n).padStart(3, '0')}`,
          name: `${community.name.replace(/居委会|村委会/, '')}第${n}网格`,
          kind: 'basic',
          villageCode: community.code,
          createdAt: now,
        });
      }
    }
  }
  return grids;
}

function user(login: Omit<DemoLogin, 'code'>, phone: string | null, now: string): UserItem {
  return {
    userId: ulid(),
    role: login.role,
    name: login.name,
    scopes: login.scopes,
    openid: login.openid || null,
    householdId: null,
    personId: null,
    phoneHash: phone ? keyedHash('phone', phone) : null,
    phoneEnc: phone ? encryptField(phone) : null,
    phoneMasked: phone ? maskPhone(phone) : null,
    createdAt: now,
    createdBy: 'seed',
  };
}

interface DemoMember {
  name: string;
  relation: PersonItem['relation'];
  birthDate: string;
  sex: PersonItem['sex'];
  phone: string | null;
}

const DEMO_HOUSEHOLDS: Array<{ openid: string; grid: string; address: string; members: DemoMember[] }> = [
  {
    openid: 'demo-res1',
    grid: '370502001027003',
    address: '东营区文汇街道 府前街 12 号 3 单元 501',
    members: [
      { name: '王建国', sex: 'male', relation: 'self', birthDate: '1978-05-12', phone: '13912345678' },
      { name: '刘芳', sex: 'female', relation: 'spouse', birthDate: '1980-09-03', phone: '13698765432' },
      { name: '王秀英', sex: 'female', relation: 'parent', birthDate: '1946-02-20', phone: null },
    ],
  },
  {
    openid: 'demo-res2',
    grid: '370502001011003',
    address: '东营区文汇街道 济南路 88 号 2 单元 302',
    members: [
      { name: '赵丽', sex: 'female', relation: 'self', birthDate: '1992-11-30', phone: '15866661234' },
      { name: '孙小宝', sex: 'male', relation: 'child', birthDate: '2018-06-01', phone: null },
    ],
  },
];

async function createDemoHousehold(
  owner: UserItem,
  h: (typeof DEMO_HOUSEHOLDS)[number],
  now: string,
  seq: number,
) {
  const householdId = ulid();
  const persons: PersonItem[] = h.members.map((m, i) => {
    // The 17th digit is odd for men (GB 11643).
    const id = makeIdNumber(
      '370502',
      m.birthDate,
      String(100 + seq * 10 + i * 2 + (m.sex === 'male' ? 1 : 0)),
    );
    return {
      personId: ulid(),
      householdId,
      gridCode: h.grid,
      name: m.name,
      relation: m.relation,
      idHash: keyedHash('id', id),
      idNumberEnc: encryptField(id),
      idNumberMasked: maskIdNumber(id),
      phoneHash: m.phone ? keyedHash('phone', m.phone) : null,
      phoneEnc: m.phone ? encryptField(m.phone) : null,
      phoneMasked: m.phone ? maskPhone(m.phone) : null,
      birthDate: m.birthDate,
      sex: m.sex,
      version: 1,
      createdAt: now,
    };
  });
  const household: HouseholdItem = {
    householdId,
    address: h.address,
    gridCode: h.grid,
    memberIds: persons.map((p) => p.personId),
    memberIdHashes: persons.map((p) => p.idHash),
    createdAt: now,
    createdBy: owner.userId,
    ownerUserId: owner.userId,
    idempotencyKey: null,
  };
  const self = persons.find((p) => p.relation === 'self')!;
  await createResidentHousehold(
    household,
    persons,
    linkUserToNewHouseholdWrite(owner.userId, household.householdId, self.personId),
  );
  return { household, persons };
}

/** 王秀英 (王建国's mother) came back from a risk area: the demo board and supply queue have someone. */
async function quarantineDemoPerson(person: PersonItem, address: string, placedBy: string, now: string) {
  const startDate = localDate(now);
  await placeQuarantines([
    {
      quarantineId: ulid(),
      personId: person.personId,
      householdId: person.householdId,
      gridCode: person.gridCode,
      personName: person.name,
      phoneMasked: person.phoneMasked,
      address,
      status: 'active',
      reason: 'risk_area_arrival',
      reasonNote: '演示数据：自外地返回',
      startDate,
      plannedEndDate: addDays(startDate, DEFAULT_QUARANTINE_DAYS),
      transferredTo: null,
      history: [
        {
          at: now,
          by: placedBy,
          action: 'placed',
          plannedEndDate: addDays(startDate, DEFAULT_QUARANTINE_DAYS),
        },
      ],
      version: 1,
      createdAt: now,
      checks: null,
      lastTemperature: null,
      lastReportAt: null,
    },
  ]);
}

/** The step of the seed that writes the region tree and grids (plain puts: repeating it is harmless). */
const REGIONS_STEP = { pk: 'SEED', sk: `${SEED_VERSION}#regions` };

async function hasItem(key: Record<string, string>): Promise<boolean> {
  const out = await db().send(new GetCommand({ TableName: tableName(), Key: key, ConsistentRead: true }));
  return out.Item !== undefined;
}

/** The demo staff member with this phone, created unless an earlier (interrupted) seed did it. */
async function ensureStaff(u: UserItem, phone: string): Promise<string> {
  const existing = await findStaffIdByPhoneHash(keyedHash('phone', phone));
  if (existing) return existing;
  await createStaff(u);
  return u.userId;
}

/** The demo resident signing in with this openid, created unless an earlier seed did it. */
async function ensureResident(u: UserItem, now: string): Promise<UserItem> {
  const existingId = await findUserIdByOpenid(u.openid!);
  const existing = existingId ? await getUser(existingId) : undefined;
  if (existing) return existing;
  const created = { ...u, privacyConsent: { version: PRIVACY_NOTICE.version, acceptedAt: now } };
  await createResidentWithOpenid(created);
  return created;
}

/** The owner's demo household: created unless the owner has one; its members either way. */
async function ensureDemoHousehold(
  owner: UserItem,
  h: (typeof DEMO_HOUSEHOLDS)[number],
  now: string,
  seq: number,
): Promise<{ household: HouseholdItem; persons: PersonItem[] }> {
  const existing = owner.householdId ? await getHousehold(owner.householdId, true) : undefined;
  if (existing) return { household: existing, persons: await getPersons(existing.memberIds) };
  return createDemoHousehold(owner, h, now, seq);
}

/**
 * Seeds the demo city unless this database has it already. Needs the handlers' environment set.
 * Every step looks for what it writes before writing, so a seed cut short (Ctrl-C, a crash) is
 * completed by the next start; the marker written last only lets a finished database skip the checks
 * (and keeps whatever the demo changed since).
 */
export async function seedDemo(): Promise<{ seeded: boolean; regions: number; grids: number }> {
  const marker = { pk: 'SEED', sk: SEED_VERSION };
  if (await hasItem(marker)) return { seeded: false, regions: 0, grids: 0 };

  const now = new Date().toISOString();
  const regions = readRegions();
  const grids = demoGrids(regions, now);
  if (!(await hasItem(REGIONS_STEP))) {
    await batchWrite([
      ...regions.filter((r) => r.parentCode).map(regionPutRequest),
      ...grids.map(gridPutRequest),
      // Grids are the last level of the region tree, so drill-down reaches them.
      ...grids.map((g) =>
        regionPutRequest({ code: g.gridCode, name: g.name, level: 'grid', parentCode: g.villageCode }),
      ),
    ]);
    await db().send(new PutCommand({ TableName: tableName(), Item: { ...REGIONS_STEP, doneAt: now } }));
  }

  const phones: Record<string, string> = {
    'demo-admin': '13800000001',
    'demo-street': '13800000002',
    'demo-gw1': '13800000011',
    'demo-gw2': '13800000012',
  };
  const users = new Map<string, UserItem>();
  for (const login of DEMO_LOGINS) {
    const u = user(login, phones[login.openid] ?? null, now);
    // Demo residents have accepted the privacy notice, so the demo goes straight to check-in.
    if (login.role === 'resident') {
      users.set(login.openid, await ensureResident(u, now));
      continue;
    }
    const userId = await ensureStaff(u, phones[login.openid]!);
    users.set(login.openid, { ...u, userId });
    // Staff are bound to their demo WeChat identity already (a put: whoever signed in with the code
    // before the seed got here is pointed back at the staff record).
    await db().send(
      new PutCommand({
        TableName: tableName(),
        Item: { ...keys.openid(login.openid), type: 'OPENID', userId, createdAt: now },
      }),
    );
  }
  await ensureStaff(
    user(
      { openid: '', role: 'gridworker', name: UNBOUND_STAFF.name, scopes: [UNBOUND_STAFF.grid] },
      UNBOUND_STAFF.phone,
      now,
    ),
    UNBOUND_STAFF.phone,
  );
  for (const [i, h] of DEMO_HOUSEHOLDS.entries()) {
    const { household, persons } = await ensureDemoHousehold(users.get(h.openid)!, h, now, i);
    const elder = persons.find((p) => p.relation === 'parent');
    if (elder && !elder.activeQuarantineId)
      await quarantineDemoPerson(elder, household.address, users.get('demo-gw1')!.userId, now);
  }

  await db().send(new PutCommand({ TableName: tableName(), Item: { ...marker, seededAt: now } }));
  return { seeded: true, regions: regions.length, grids: grids.length };
}
