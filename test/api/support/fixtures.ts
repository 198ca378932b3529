/**
 * Fixtures for the API tests. Every test file shares one stack and one database and the files run
 * in parallel, so each test makes its own residents, households and staff through the API and
 * writes submissions only to the grids reserved for its file below.
 */
import { randomInt } from 'node:crypto';
import {
  type CreateHouseholdResponse,
  type CreateStaffRequest,
  createHouseholdResponseSchema,
  ERROR_CATALOGUE,
  type ErrorCode,
  errorBodySchema,
  errorMessage,
  type Grid,
  gridSchema,
  type LoginResponse,
  localDate,
  loginResponseSchema,
  type MemberInput,
  makeIdNumber,
  type Person,
  PRIVACY_NOTICE,
  type Relation,
  type Slot,
  type Staff,
  slotOf,
  staffSchema,
} from '@grid/shared';
import { expect } from 'vitest';
import { type ApiResponse, api, login, newKey, stack } from './client';

/**
 * Whole streets owned by one test file (their totals change only by what that file does):
 * 370502004 stats, 370502003 hierarchy, 370503002 notices, 370502005 reports,
 * 370502006 personal data at rest.
 *
 * Seeded grids (functions/local/seed.ts: the first three communities of two streets), one set per
 * test file, so a file's pending lists and counters change only by what that file does.
 */
export const GRIDS = {
  /** 文汇街道 370502001: the demo street centre's scope. */
  staff: '370502001011003',
  households: '370502001011001',
  householdsOther: '370502001011002',
  health: '370502001013001',
  travel: '370502001013002',
  submissions: '370502001027001',
  submissionsOther: '370502001027002',
  /** 黄河路街道 370502002: outside the demo street centre's scope. */
  otherStreet: '370502002002001',
  scope: '370502002004001',
  scopeOther: '370502002004002',
  badInput: '370502002012001',
  logs: '370502002012002',
  quarantine: '370502002002002',
  quarantineOther: '370502002002003',
  /** 辛店街道 370502004: the statistics tests own the whole street. */
  stats: '370502004001001',
  statsSibling: '370502004001002',
  supply: '370502002004003',
  supplyOther: '370502002012003',
  /** Screening, places, duplicates and merges (demo-gw1 also covers it). */
  screening: '370502001013003',
  /** Cross-match: assigned and registered tasks (routed tasks land in each community's first grid, their own gsi1 partitions). */
  crossMatch: '370502001027003',
} as const;

/** A well-formed id (ULID alphabet) that no record has. */
export function unknownId(): string {
  const alphabet = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
  return `01${Array.from({ length: 24 }, () => alphabet[randomInt(0, 32)]).join('')}`;
}

/** A well-formed grid code that no grid has. */
export const UNKNOWN_GRID = '370502001999001';

export const DEMO_STREET_SCOPE = '370502001';

export interface Session {
  token: string;
  user: LoginResponse['user'];
}

/** A WeChat identity nobody has used: its first login makes a new resident. */
export function freshOpenid(tag = 'u'): string {
  return `${tag}-${newKey().slice(0, 20)}`;
}

/** A new resident who has accepted the current privacy notice, as the app asks before a first report. */
export async function newResident(tag = 'res'): Promise<Session & { openid: string }> {
  const openid = freshOpenid(tag);
  const session = await login(openid);
  const consent = await api('POST', '/v1/me/privacy-consent', {
    token: session.token,
    body: { version: PRIVACY_NOTICE.version },
  });
  if (consent.status !== 200)
    throw new Error(`consent failed: ${consent.status} ${JSON.stringify(consent.body)}`);
  return { ...session, openid };
}

/** A random mainland mobile number (15x–19x, away from the seeded 13x demo phones). */
export function freshPhone(): string {
  return `1${randomInt(5, 10)}${String(randomInt(0, 1_000_000_000)).padStart(9, '0')}`;
}

/** A valid ID number from 东营区 (370502) with a random birth date and sequence. */
export function freshIdNumber(): string {
  const birthDate = `${randomInt(1940, 2016)}-${pad2(randomInt(1, 13))}-${pad2(randomInt(1, 29))}`;
  return makeIdNumber('370502', birthDate, String(randomInt(0, 1000)).padStart(3, '0'));
}

function pad2(n: number): string {
  return String(n).padStart(2, '0');
}

export const maskedId = (id: string) => `${id.slice(0, 6)}********${id.slice(14)}`;
export const maskedPhone = (phone: string) => `${phone.slice(0, 3)}****${phone.slice(7)}`;

export function memberInput(
  relation: Relation,
  opts: { name?: string; phone?: string | null } = {},
): MemberInput {
  const phone = opts.phone === undefined ? freshPhone() : opts.phone;
  return {
    name: opts.name ?? `测试${relation}`,
    relation,
    idNumber: freshIdNumber(),
    ...(phone === null ? {} : { phone }),
  };
}

/** The default household: the resident with a phone, a spouse with a phone, a parent without. */
export function defaultMembers(): MemberInput[] {
  return [
    memberInput('self', { name: '测试本人' }),
    memberInput('spouse', { name: '测试配偶' }),
    memberInput('parent', { name: '测试老人', phone: null }),
  ];
}

/** Asserts the status and the error envelope, and returns the error. */
export function expectError(res: ApiResponse, status: number, code: ErrorCode) {
  expect(res.status, JSON.stringify(res.body)).toBe(status);
  expect(ERROR_CATALOGUE[code].status).toBe(status);
  const { error } = errorBodySchema.parse(res.body);
  expect(error.code).toBe(code);
  expect(error.message).toBe(errorMessage(code));
  return error;
}

/** The issue list of a VALIDATION_FAILED (or domain-coded validation) error. */
export function issuesOf(error: { details?: unknown }) {
  const details = error.details as { issues?: Array<{ path: string; message: string; keys?: string[] }> };
  return details.issues ?? [];
}

/**
 * Asserts the status and that the body matches the contract exactly: parsing strips unknown keys,
 * so an answer carrying anything beyond the schema (an encrypted field, say) fails here.
 */
export function expectBody<T>(res: ApiResponse, status: number, schema: { parse(value: unknown): T }): T {
  expect(res.status, JSON.stringify(res.body)).toBe(status);
  const parsed = schema.parse(res.body);
  expect(parsed).toEqual(res.body);
  return parsed;
}

const sessions = new Map<string, Promise<Session>>();

/** The seeded demo accounts (admin, street centre, …), signed in once per test file. */
export function demo(
  openid: 'demo-admin' | 'demo-street' | 'demo-gw1' | 'demo-gw2' | 'demo-res1' | 'demo-res2',
) {
  let session = sessions.get(openid);
  if (!session) {
    session = login(openid);
    sessions.set(openid, session);
  }
  return session;
}

/** A new basic grid in the village, made by the demo admin; `extra` adds to the request (covers…). */
export async function newGrid(villageCode: string, extra: Record<string, unknown> = {}): Promise<Grid> {
  const admin = await demo('demo-admin');
  const res = await api('POST', '/v1/grids', {
    token: admin.token,
    body: { villageCode, kind: 'basic', name: '测试网格', ...extra },
  });
  return expectBody(res, 201, gridSchema);
}

export function createStaff(token: string, body: CreateStaffRequest | Record<string, unknown>) {
  return api<Staff>('POST', '/v1/staff', { token, body });
}

export interface StaffSession extends Session {
  /** The WeChat identity bound to the staff record (signs in again with `login`). */
  openid: string;
  phone: string;
  staff: Staff;
}

/**
 * A staff member as in real life: the city admin registers the phone, then a new WeChat user
 * binds to it with the phone WeChat confirms.
 */
export async function newStaff(
  spec: { role: 'gridworker' | 'volunteer'; grids: string[] } | { role: 'centre'; regionCode: string },
): Promise<StaffSession> {
  const admin = await demo('demo-admin');
  const phone = freshPhone();
  const body: CreateStaffRequest =
    spec.role === 'centre'
      ? { role: 'centre', name: '测试中心', phone, regionCode: spec.regionCode }
      : { role: spec.role, name: `测试${spec.role}`, phone, gridCodes: spec.grids };
  const staff = expectBody(await createStaff(admin.token, body), 201, staffSchema);
  const resident = await newResident('staff');
  const bound = await api('POST', '/v1/auth/phone', {
    token: resident.token,
    body: { code: `test-phone:${phone}` },
  });
  const session = expectBody(bound, 200, loginResponseSchema);
  return { token: session.token, user: session.user, openid: resident.openid, phone, staff };
}

export function newGridworker(...grids: string[]): Promise<StaffSession> {
  return newStaff({ role: 'gridworker', grids });
}

export function postHousehold(
  token: string,
  body: { address?: string; gridCode: string; members: MemberInput[] } | Record<string, unknown>,
  key: string = newKey(),
) {
  return api<CreateHouseholdResponse>('POST', '/v1/households', {
    token,
    body: { address: '东营区测试路 1 号', ...body },
    headers: { 'idempotency-key': key },
  });
}

export interface TestHousehold {
  /** The owner's session after creating it (the fresh token from the answer). */
  owner: Session;
  household: CreateHouseholdResponse;
  /** The members as sent, with what the API made of them, in the same order. */
  members: Array<{ input: MemberInput; person: Person }>;
}

/** A new resident registers a household in the grid. */
export async function newHousehold(
  grid: string,
  members: MemberInput[] = defaultMembers(),
): Promise<TestHousehold> {
  const resident = await newResident('hh');
  const res = await postHousehold(resident.token, { gridCode: grid, members });
  const household = expectBody(res, 201, createHouseholdResponseSchema);
  if (!household.session) throw new Error('a resident’s new household comes with a session');
  return {
    owner: { token: household.session.token, user: resident.user },
    household,
    members: members.map((input, i) => ({ input, person: household.members[i]! })),
  };
}

export function memberOf(h: TestHousehold, relation: Relation) {
  const member = h.members.find((m) => m.input.relation === relation);
  if (!member) throw new Error(`no ${relation} in the household`);
  return member;
}

export function postHealthReport(
  token: string,
  personId: string,
  body: Record<string, unknown>,
  key: string | null = newKey(),
) {
  return api('POST', `/v1/persons/${personId}/health-reports`, {
    token,
    body,
    headers: key === null ? {} : { 'idempotency-key': key },
  });
}

/** Where a report measured at this instant lands. */
export function slotKey(at: Date): { date: string; slot: Slot } {
  return { date: localDate(at), slot: slotOf(at) };
}

/** An instant a minute ago: a measuredAt the API accepts, in a slot the test can compute. */
export function recentInstant(): Date {
  return new Date(Date.now() - 60_000);
}

/**
 * Two instants the API accepts as measuredAt (within the last 12 hours, or up to a few minutes
 * ahead) that fall in different slots. Scans minute by minute over a window a little longer than
 * 12 hours, so it always contains a slot boundary, whatever the time of day.
 */
export function instantsInTwoSlots(now = Date.now()): [Date, Date] {
  const found = new Map<string, Date>();
  for (let minutes = 1; minutes <= 718 && found.size < 2; minutes++) add(minutes);
  for (let minutes = 0; minutes >= -3 && found.size < 2; minutes--) add(minutes);
  const [first, second] = [...found.values()];
  if (!first || !second) throw new Error('no slot boundary found');
  return [first, second];

  function add(minutesAgo: number) {
    const at = new Date(now - minutesAgo * 60_000);
    const { date, slot } = slotKey(at);
    if (!found.has(`${date}.${slot}`)) found.set(`${date}.${slot}`, at);
  }
}

export function submissionIdOf(personId: string, at: Date): string {
  const { date, slot } = slotKey(at);
  return `H.${personId}.${date.replaceAll('-', '')}.${slot === 'morning' ? 'm' : 'e'}`;
}

export interface WeChatCall {
  method: string;
  path: string;
  query: Record<string, string>;
  body: unknown;
}

/** What the fake WeChat received so far (read only: other files share it). */
export async function weChatCalls(): Promise<WeChatCall[]> {
  const res = await fetch(`${stack().wechatUrl}/__calls`);
  return (await res.json()) as WeChatCall[];
}
