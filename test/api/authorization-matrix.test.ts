/**
 * The authorization matrix: every route of the manifest × every kind of caller → the expected
 * outcome. No token, an expired one and a forged one are refused with 401 (public routes answer);
 * a role the route does not list gets 403 FORBIDDEN_ROLE (both read from the manifest alone); a
 * listed role reaches a target in grid G when G is in its scope (2xx) and gets 403 FORBIDDEN_SCOPE
 * when it is not. Each route has a request builder below, keyed by operationId: a route added to the
 * manifest without one fails this file.
 *
 * The targets live in grids this file creates in 胜园街道 (370502006): G and G3 in 东现河社区, G2 in
 * 南田社区. Routes that change state get a fresh target per caller, so the order does not matter.
 */
import {
  addDays,
  type CreateHouseholdResponse,
  gridSchema,
  localDate,
  makeIdNumber,
  PRIVACY_NOTICE,
} from '@grid/shared';
import { decodeJwt, SignJWT } from 'jose';
import { beforeAll, describe, expect, it } from 'vitest';
import { LOCAL_SECRETS } from '../../functions/local/local-env';
import { manifest } from '../../functions/src/manifest/index';
import type { Role, RouteDefinition } from '../../functions/src/manifest/types';
import { type ApiResponse, api, drainStreams, newKey, runSchedule, stack } from './support/client';
import {
  demo,
  expectBody,
  freshPhone,
  memberInput,
  newGridworker,
  newHousehold,
  newStaff,
  type Session,
  type TestHousehold,
  unknownId,
} from './support/fixtures';

const STREET = '370502006';
const VILLAGE = '370502006002';
const OTHER_VILLAGE = '370502006003';
const OTHER_STREET = '370503002';
const TODAY = localDate(new Date());

// ---------------------------------------------------------------- the callers

const PRINCIPALS = [
  'noToken',
  'expiredToken',
  'forgedToken',
  'resident',
  'otherResident',
  'gridworker',
  'otherGridworker',
  'volunteer',
  'centre',
  'otherCentre',
  'admin',
] as const;
type Principal = (typeof PRINCIPALS)[number];

const ROLE_OF: Record<Principal, Role | null> = {
  noToken: null,
  expiredToken: null,
  forgedToken: null,
  resident: 'resident',
  otherResident: 'resident',
  gridworker: 'gridworker',
  otherGridworker: 'gridworker',
  volunteer: 'volunteer',
  centre: 'centre',
  otherCentre: 'centre',
  admin: 'admin',
};
/** Whose scope leaves G (and the resident's household in it) out. */
const OUTSIDERS = new Set<Principal>(['otherResident', 'otherGridworker', 'otherCentre']);

// ---------------------------------------------------------------- expectations

/** `ok`: a 2xx. `reached`: past authentication and authorization (neither 401 nor 403). */
type Outcome =
  | 'ok'
  | 'reached'
  | 'UNAUTHENTICATED'
  | 'TOKEN_EXPIRED'
  | 'TOKEN_INVALID'
  | 'FORBIDDEN_ROLE'
  | 'FORBIDDEN_SCOPE';

interface Request {
  method?: string;
  path: string;
  body?: unknown;
  headers?: Record<string, string>;
}

interface Entry {
  /** The request a caller makes; called once per caller whose role the route lists. */
  build: (p: Principal) => Promise<Request> | Request;
  /** `everyone`: the route has no target (the caller's own data): every listed role gets a 2xx. */
  scope?: 'target' | 'everyone';
  /** Callers for which a 2xx cannot be had cleanly: only "reached" is asserted, for the reason given. */
  reachedOnly?: { who: readonly Principal[] | 'all'; why: string };
}

function expected(route: RouteDefinition, entry: Entry, p: Principal): Outcome {
  const role = ROLE_OF[p];
  if (route.auth === 'public') return reachedOnly(entry, p) ? 'reached' : 'ok';
  if (p === 'noToken') return 'UNAUTHENTICATED';
  if (p === 'expiredToken') return 'TOKEN_EXPIRED';
  if (p === 'forgedToken') return 'TOKEN_INVALID';
  if (!role || !route.auth.roles.includes(role)) return 'FORBIDDEN_ROLE';
  if (reachedOnly(entry, p)) return 'reached';
  return entry.scope !== 'everyone' && OUTSIDERS.has(p) ? 'FORBIDDEN_SCOPE' : 'ok';
}

function reachedOnly(entry: Entry, p: Principal): boolean {
  const who = entry.reachedOnly?.who;
  return who === 'all' || (who?.includes(p) ?? false);
}

function observed(res: ApiResponse, want: Outcome): string {
  if (res.status >= 200 && res.status < 300) return want === 'reached' ? 'reached' : 'ok';
  const code = (res.body as { error?: { code?: string } } | null)?.error?.code ?? '?';
  if (want === 'reached' && res.status !== 401 && res.status !== 403) return 'reached';
  if ([401, 403].includes(res.status)) return code;
  return `${res.status} ${code}`;
}

// ---------------------------------------------------------------- the world of grid G

let G: string;
let G2: string;
let G3: string;
const tokens = new Map<Principal, string>();
const tokenOf = (p: Principal) => tokens.get(p)!;
let home: TestHousehold;
let homeQuarantineId: string;
let gwToken: string;
let adminToken: string;

const personPath = (id: string) => `/v1/persons/${id}`;
const post = (path: string, body?: unknown, key = false): Request => ({
  method: 'POST',
  path,
  body: body ?? {},
  ...(key ? { headers: { 'idempotency-key': newKey() } } : {}),
});
const get = (path: string): Request => ({ method: 'GET', path });

async function must<T>(res: Promise<ApiResponse>, what: string): Promise<T> {
  const r = await res;
  if (r.status >= 300) throw new Error(`${what}: ${r.status} ${JSON.stringify(r.body)}`);
  return r.body as T;
}

/** A household registered by G's gridworker (no resident account): its one member is a fresh target. */
async function freshHousehold(grid = () => G): Promise<CreateHouseholdResponse> {
  return must(
    api('POST', '/v1/households', {
      token: gwToken,
      body: { address: '胜园街道矩阵测试 1 号', gridCode: grid(), members: [memberInput('self')] },
      headers: { 'idempotency-key': newKey() },
    }),
    'household',
  );
}
const freshPersonId = async () => (await freshHousehold()).members[0]!.personId;

/** A member added to the resident's own household (its owner's targets). */
async function homeMember(): Promise<{ personId: string; version: number }> {
  return must(
    api('POST', `/v1/households/${home.household.householdId}/members`, {
      token: home.owner.token,
      body: memberInput('other', { phone: null }),
      headers: { 'idempotency-key': newKey() },
    }),
    'member',
  );
}

async function quarantineOf(personId: string): Promise<string> {
  const placed = await must<{ items: Array<{ quarantineId: string }> }>(
    api('POST', '/v1/quarantines', {
      token: gwToken,
      body: { personIds: [personId], reason: 'close_contact' },
    }),
    'quarantine',
  );
  return placed.items[0]!.quarantineId;
}
const freshQuarantine = async () => quarantineOf(await freshPersonId());

/** A supply request of the resident's household, moved on by G's gridworker to the state asked. */
async function supplyRequest(state: 'submitted' | 'accepted' | 'delivered'): Promise<string> {
  const created = await must<{ requestId: string }>(
    api('POST', `/v1/households/${home.household.householdId}/supply-requests`, {
      token: home.owner.token,
      body: { items: [{ kind: 'rice_flour', quantity: 1 }] },
      headers: { 'idempotency-key': newKey() },
    }),
    'supply request',
  );
  const path = `/v1/supply-requests/${created.requestId}`;
  if (state !== 'submitted') await must(api('POST', `${path}/accept`, { token: gwToken }), 'accept');
  if (state === 'delivered')
    await must(api('POST', `${path}/deliver`, { token: gwToken, body: {} }), 'deliver');
  return created.requestId;
}

async function freshSubmissionId(): Promise<string> {
  const report = await must<{ submissionId: string }>(
    api('POST', `${personPath(await freshPersonId())}/health-reports`, {
      token: gwToken,
      body: { temperature: 36.6 },
      headers: { 'idempotency-key': newKey() },
    }),
    'report',
  );
  return report.submissionId;
}

/** A correction request of the resident's household, about its first member. */
async function freshCorrectionId(): Promise<string> {
  const made = await must<{ correctionId: string }>(
    api('POST', '/v1/me/corrections', {
      token: home.owner.token,
      body: {
        personId: home.members[0]!.person.personId,
        field: 'name',
        proposedValue: '矩阵',
        reason: '名字有误',
      },
      headers: { 'idempotency-key': newKey() },
    }),
    'correction',
  );
  return made.correctionId;
}

/** Targets made ahead in beforeAll (alerts need the stream, tasks a job, queued rows an import). */
const pools = {
  alerts: [] as string[],
  tasks: [] as string[],
  queuedRows: [] as string[],
  failedImports: [] as string[],
};
let importId: string;
let noticeId: string;
const take = (pool: string[], what: string) => {
  const id = pool.shift();
  if (!id) throw new Error(`no ${what} left in the pool`);
  return id;
};
/** Per caller, so each state change has its own target; outsiders share one they cannot touch. */
function perCaller<T>(make: () => Promise<T>) {
  const made = new Map<Principal, Promise<T>>();
  return (p: Principal) => {
    const key = OUTSIDERS.has(p) ? 'otherResident' : p;
    let target = made.get(key);
    if (!target) {
      target = make();
      made.set(key, target);
    }
    return target;
  };
}

/** The matrix's checkpoint in VILLAGE (made once, on first use). */
let checkpoint: Promise<string> | undefined;
const checkpointId = () => {
  checkpoint ??= must<{ checkpointId: string }>(
    api('POST', '/v1/checkpoints', {
      token: adminToken,
      body: { regionCode: VILLAGE, name: '矩阵卡口', kind: 'village_entrance' },
    }),
    'checkpoint',
  ).then((c) => c.checkpointId);
  return checkpoint;
};
const checkpointPath = async (rest = '') => `/v1/checkpoints/${await checkpointId()}${rest}`;
/** A shift of the caller at the matrix's checkpoint (outsiders get the volunteer's), signed in when asked. */
const shifts = new Map<string, Promise<string>>();
/** The days ahead the matrix's assignShift calls have used. */
let assignedDays = 0;
function shiftOf(p: Principal, signedIn: boolean): Promise<string> {
  const who: Principal = OUTSIDERS.has(p) ? 'volunteer' : p;
  const key = `${who}:${signedIn}`;
  let shift = shifts.get(key);
  if (!shift) {
    shift = (async () => {
      const made = await must<{ shiftId: string }>(
        api('POST', await checkpointPath('/shifts'), {
          token: adminToken,
          // One person's two shifts may not overlap: the signed-in one is the later.
          body: {
            staffId: decodeJwt(tokenOf(who)).sub,
            date: TODAY,
            ...(signedIn ? { starts: '14:00', ends: '22:00' } : { starts: '06:00', ends: '14:00' }),
          },
          headers: { 'idempotency-key': newKey() },
        }),
        'shift',
      );
      if (signedIn)
        await must(api('POST', `/v1/shifts/${made.shiftId}/sign-in`, { token: tokenOf(who) }), 'sign-in');
      return made.shiftId;
    })();
    shifts.set(key, shift);
  }
  return shift;
}

const csvRows = (rows: string[][]) =>
  Buffer.from(
    ['姓名,身份证号,手机号,来源地,到达日期,现住址', ...rows.map((r) => r.join(','))].join('\n'),
  ).toString('base64');
const arrivalRow = (n: number) => [
  `矩阵到达${n}`,
  makeIdNumber('420102', `199${n % 10}-0${(n % 9) + 1}-1${n % 10}`, String(500 + n).padStart(3, '0')),
  freshPhone(),
  '武汉市',
  addDays(TODAY, -1),
  `胜园街道${n}号楼`,
];

// ---------------------------------------------------------------- one builder per route

const BUILDERS: Record<string, Entry> = {
  getOpenApi: { build: () => get('/v1/openapi.json') },
  loginWithWeChat: { build: () => post('/v1/auth/wechat', { code: `test:matrix-${newKey().slice(0, 16)}` }) },
  bindStaffPhone: {
    build: () => post('/v1/auth/phone', { code: `test-phone:${freshPhone()}` }),
    scope: 'everyone',
    reachedOnly: {
      who: 'all',
      why: 'binding a real staff record would turn the caller into that staff member; an unregistered phone answers 404 STAFF_NOT_FOUND',
    },
  },
  getMe: { build: () => get('/v1/me'), scope: 'everyone' },
  createStaff: {
    build: () =>
      post('/v1/staff', { role: 'volunteer', name: '矩阵志愿者', phone: freshPhone(), gridCodes: [G] }),
  },
  disableStaff: (() => {
    const target = perCaller(async () => (await newStaff({ role: 'volunteer', grids: [G] })).user.userId);
    return { build: async (p: Principal) => post(`/v1/staff/${await target(p)}/disable`) };
  })(),
  createHousehold: {
    build: () => ({
      ...post(
        '/v1/households',
        { address: '胜园街道 2 号', gridCode: G, members: [memberInput('self')] },
        true,
      ),
    }),
    reachedOnly: {
      who: ['resident', 'otherResident'],
      why: 'both residents already have a household (409 HOUSEHOLD_EXISTS); residents have no grid scope here',
    },
  },
  getMyHousehold: {
    build: () => get('/v1/households/mine'),
    scope: 'everyone',
    reachedOnly: {
      who: ['gridworker', 'otherGridworker', 'volunteer', 'centre', 'otherCentre', 'admin'],
      why: 'these staff never had a household of their own: 404 NOT_FOUND (staff-household.test.ts covers one who had)',
    },
  },
  listMyMessages: { build: () => get('/v1/me/messages'), scope: 'everyone' },
  getMyAccessLog: { build: () => get('/v1/me/access-log'), scope: 'everyone' },
  acceptPrivacyNotice: {
    build: () => post('/v1/me/privacy-consent', { version: PRIVACY_NOTICE.version }),
    scope: 'everyone',
  },
  withdrawPrivacyConsent: {
    // Residents send an acceptance instead: a withdrawal would break their reports, which run at the
    // same time (consent-withdrawal.test.ts covers the residents' withdrawal).
    build: (p) =>
      p === 'resident' || p === 'otherResident'
        ? post('/v1/me/privacy-consent', { version: PRIVACY_NOTICE.version })
        : { method: 'DELETE', path: '/v1/me/privacy-consent' },
    scope: 'everyone',
  },
  unmaskPerson: {
    build: () =>
      post(`${personPath(home.members[0]!.person.personId)}/unmask`, {
        reason: '矩阵测试：流调需要核对完整身份证号',
        purpose: 'contact_tracing',
      }),
  },
  requestCorrection: {
    build: () =>
      post(
        '/v1/me/corrections',
        {
          personId: home.members[0]!.person.personId,
          field: 'name',
          proposedValue: '矩阵更正',
          reason: '名字有误',
        },
        true,
      ),
  },
  listMyCorrections: { build: () => get('/v1/me/corrections'), scope: 'everyone' },
  listGridCorrections: { build: () => get(`/v1/grids/${G}/corrections`) },
  resolveCorrection: (() => {
    const target = perCaller(freshCorrectionId);
    return {
      build: async (p: Principal) =>
        post(`/v1/corrections/${await target(p)}/resolve`, { outcome: 'rejected', note: '矩阵处理' }),
    };
  })(),
  addMember: {
    build: () => post(`/v1/households/${home.household.householdId}/members`, memberInput('child'), true),
  },
  updateMember: {
    build: async (p) => {
      const member = OUTSIDERS.has(p) ? home.members[0]!.person : await homeMember();
      return {
        method: 'PATCH',
        path: `/v1/households/${home.household.householdId}/members/${member.personId}`,
        body: { name: '矩阵改名', version: member.version },
      };
    },
  },
  getPersonContact: { build: () => get(`${personPath(home.members[0]!.person.personId)}/contact`) },
  submitHealthReport: {
    build: async (p) => {
      const personId =
        p === 'resident'
          ? (await homeMember()).personId
          : OUTSIDERS.has(p)
            ? home.members[0]!.person.personId
            : await freshPersonId();
      return post(`${personPath(personId)}/health-reports`, { temperature: 36.5 }, true);
    },
  },
  listHealthReports: {
    build: () =>
      get(
        `${personPath(home.members[0]!.person.personId)}/health-reports?from=${addDays(TODAY, -1)}&to=${TODAY}`,
      ),
  },
  submitTravelDeclaration: {
    build: () =>
      post(
        `${personPath(home.members[1]!.person.personId)}/travel-declarations`,
        {
          originCode: '370503',
          departedOn: addDays(TODAY, -2),
          arrivedOn: addDays(TODAY, -1),
          transport: { kind: 'car' },
        },
        true,
      ),
  },
  getRiskAreas: { build: () => get('/v1/risk-areas'), scope: 'everyone' },
  putRiskAreas: {
    build: () => ({ method: 'PUT', path: '/v1/risk-areas', body: { codes: ['not-a-code'] } }),
    scope: 'everyone',
    reachedOnly: {
      who: 'all',
      why: 'the list is the whole city’s and travel.test.ts relies on it: an invalid list is refused with 400 after the role check',
    },
  },
  listPendingSubmissions: { build: () => get(`/v1/grids/${G}/pending?type=health`) },
  getGridSummary: { build: () => get(`/v1/grids/${G}/summary`) },
  verifySubmission: (() => {
    const target = perCaller(freshSubmissionId);
    return {
      build: async (p: Principal) =>
        post(`/v1/submissions/${await target(p)}/verify`, { decision: 'confirmed', method: 'phone' }),
    };
  })(),
  placeQuarantine: (() => {
    const target = perCaller(freshPersonId);
    return {
      build: async (p: Principal) =>
        post('/v1/quarantines', { personIds: [await target(p)], reason: 'close_contact' }),
    };
  })(),
  getQuarantine: { build: () => get(`/v1/quarantines/${homeQuarantineId}`) },
  extendQuarantine: (() => {
    const target = perCaller(freshQuarantine);
    return {
      build: async (p: Principal) =>
        post(`/v1/quarantines/${await target(p)}/extend`, { plannedEndDate: addDays(TODAY, 30), version: 1 }),
    };
  })(),
  releaseQuarantine: (() => {
    const target = perCaller(freshQuarantine);
    return {
      build: async (p: Principal) =>
        post(`/v1/quarantines/${await target(p)}/release`, { note: '矩阵解除', version: 1 }),
    };
  })(),
  transferQuarantine: (() => {
    const target = perCaller(freshQuarantine);
    return {
      build: async (p: Principal) =>
        post(`/v1/quarantines/${await target(p)}/transfer`, { to: 'hospital', version: 1 }),
    };
  })(),
  recordFollowUp: {
    build: () =>
      post(`/v1/quarantines/${homeQuarantineId}/follow-ups`, { method: 'phone', temperature: 36.7 }, true),
  },
  getQuarantineBoard: { build: () => get(`/v1/grids/${G}/quarantine-board`) },
  listAlerts: { build: () => get(`/v1/alerts?scope=${G}`) },
  acknowledgeAlert: (() => {
    const target = perCaller(async () => take(pools.alerts, 'alert'));
    return { build: async (p: Principal) => post(`/v1/alerts/${await target(p)}/acknowledge`) };
  })(),
  resolveAlert: (() => {
    const target = perCaller(async () => take(pools.alerts, 'alert'));
    return {
      build: async (p: Principal) => post(`/v1/alerts/${await target(p)}/resolve`, { note: '矩阵处理' }),
    };
  })(),
  getSubscriptions: { build: () => get('/v1/subscriptions'), scope: 'everyone' },
  recordSubscriptions: {
    build: () => post('/v1/subscriptions', { accepted: ['supplyStatus'] }),
    scope: 'everyone',
  },
  listGridTasks: { build: () => get(`/v1/grids/${G}/tasks`) },
  listRegionTasks: { build: () => get(`/v1/regions/${STREET}/tasks`) },
  completeTask: (() => {
    const target = perCaller(async () => take(pools.tasks, 'task'));
    return { build: async (p: Principal) => post(`/v1/tasks/${await target(p)}/done`) };
  })(),
  createSupplyRequest: {
    build: () =>
      post(
        `/v1/households/${home.household.householdId}/supply-requests`,
        { items: [{ kind: 'masks', quantity: 2 }] },
        true,
      ),
  },
  listHouseholdSupplyRequests: {
    build: () => get(`/v1/households/${home.household.householdId}/supply-requests`),
  },
  listGridSupplyRequests: { build: () => get(`/v1/grids/${G}/supply-requests`) },
  getSupplyRequest: (() => {
    const target = perCaller(() => supplyRequest('submitted'));
    return { build: async () => get(`/v1/supply-requests/${await target('admin')}`) };
  })(),
  acceptSupplyRequest: (() => {
    const target = perCaller(() => supplyRequest('submitted'));
    return { build: async (p: Principal) => post(`/v1/supply-requests/${await target(p)}/accept`) };
  })(),
  deliverSupplyRequest: (() => {
    const target = perCaller(() => supplyRequest('accepted'));
    return { build: async (p: Principal) => post(`/v1/supply-requests/${await target(p)}/deliver`, {}) };
  })(),
  confirmSupplyRequest: (() => {
    const target = perCaller(() => supplyRequest('delivered'));
    return { build: async (p: Principal) => post(`/v1/supply-requests/${await target(p)}/confirm`) };
  })(),
  cancelSupplyRequest: (() => {
    const target = perCaller(() => supplyRequest('submitted'));
    return { build: async (p: Principal) => post(`/v1/supply-requests/${await target(p)}/cancel`) };
  })(),
  rejectSupplyRequest: (() => {
    const target = perCaller(() => supplyRequest('submitted'));
    return {
      build: async (p: Principal) =>
        post(`/v1/supply-requests/${await target(p)}/reject`, { reason: '矩阵驳回' }),
    };
  })(),
  recordVisit: {
    build: () => post(`/v1/households/${home.household.householdId}/visits`, { outcome: 'present' }, true),
  },
  getGridScreening: { build: () => get(`/v1/grids/${G}/screening`) },
  createPlace: {
    build: () =>
      post(`/v1/grids/${G}/places`, {
        name: '矩阵超市',
        kind: 'shop',
        address: '胜园街道 3 号',
        staffCount: 5,
      }),
  },
  listPlaces: { build: () => get(`/v1/grids/${G}/places`) },
  screenPlace: (() => {
    const target = perCaller(async () => {
      const place = await must<{ placeId: string }>(
        api('POST', `/v1/grids/${G}/places`, {
          token: gwToken,
          body: { name: '矩阵工厂', kind: 'workplace', address: '胜园街道 4 号', staffCount: 9 },
        }),
        'place',
      );
      return place.placeId;
    });
    return {
      build: async (p: Principal) =>
        post(`/v1/places/${await target(p)}/screenings`, { staffPresent: 9, staffScreened: 9 }, true),
    };
  })(),
  mergePersons: (() => {
    const target = perCaller(async () => Promise.all([freshPersonId(), freshPersonId()]));
    return {
      build: async (p: Principal) => {
        const [absorbed, survivor] = await target(p);
        return post(`${personPath(absorbed)}/merge`, { intoPersonId: survivor, note: '矩阵合并' });
      },
    };
  })(),
  getPersonFile: { build: () => get(`${personPath(home.members[0]!.person.personId)}/file`) },
  createImport: {
    build: () =>
      post('/v1/cross-match/imports', {
        filename: 'matrix.csv',
        contentBase64: csvRows([arrivalRow(90)]),
        source: 'health',
        regionCode: STREET,
      }),
  },
  getImport: { build: () => get(`/v1/cross-match/imports/${importId}`) },
  putImportPart: (() => {
    const target = perCaller(() => uploadingImport(false));
    return {
      build: async (p: Principal) => ({
        method: 'PUT',
        path: `/v1/cross-match/imports/${await target(p)}/parts/1`,
        body: { contentBase64: csvRows([arrivalRow(91)]) },
      }),
    };
  })(),
  startImport: (() => {
    const target = perCaller(() => uploadingImport(true));
    return {
      build: async (p: Principal) => post(`/v1/cross-match/imports/${await target(p)}/start`, { parts: 1 }),
    };
  })(),
  reparseImport: (() => {
    const target = perCaller(async () => take(pools.failedImports, 'failed import'));
    return {
      build: async (p: Principal) =>
        post(`/v1/cross-match/imports/${await target(p)}/reparse`, { columnMap: { name: 1, idNumber: 2 } }),
    };
  })(),
  listImportRows: { build: () => get(`/v1/cross-match/imports/${importId}/rows`) },
  listRegistrationTasks: { build: () => get(`/v1/grids/${G}/registration-tasks`) },
  listRegistrationQueue: { build: () => get(`/v1/regions/${STREET}/registration-queue`) },
  linkRegistrationTask: (() => {
    const target = perCaller(async () => {
      const taskId = take(pools.queuedRows, 'queued row');
      await must(
        api('POST', `/v1/registration-tasks/${taskId}/assign`, { token: adminToken, body: { gridCode: G } }),
        'assign',
      );
      return [taskId, await freshPersonId()] as const;
    });
    return {
      build: async (p: Principal) => {
        const [taskId, personId] = await target(p);
        return post(`/v1/registration-tasks/${taskId}/link`, { personId });
      },
    };
  })(),
  getRegistrationTaskContact: (() => {
    // One task of G for every caller: reading its phone changes nothing but its audit.
    let task: Promise<string> | undefined;
    const target = () => {
      task ??= (async () => {
        const taskId = take(pools.queuedRows, 'queued row');
        await must(
          api('POST', `/v1/registration-tasks/${taskId}/assign`, {
            token: adminToken,
            body: { gridCode: G },
          }),
          'assign',
        );
        return taskId;
      })();
      return task;
    };
    return { build: async () => get(`/v1/registration-tasks/${await target()}/contact`) };
  })(),
  assignRegistrationTask: (() => {
    const target = perCaller(async () => take(pools.queuedRows, 'queued row'));
    return {
      build: async (p: Principal) =>
        post(`/v1/registration-tasks/${await target(p)}/assign`, { gridCode: G }),
    };
  })(),
  getRegionStats: { build: () => get(`/v1/stats/${G}`) },
  getRegionTrend: { build: () => get(`/v1/stats/${G}/trend?days=3`) },
  getRegionChildrenStats: { build: () => get(`/v1/stats/${G}/children`) },
  importRegions: { build: () => post('/v1/regions/import', { cityCode: '3705' }), scope: 'everyone' },
  listRegionChildren: { build: () => get(`/v1/regions/${G}/children`) },
  closeRegionResponse: (() => {
    // A fresh grid per caller: a closure is once per region, and G's records must not be marked.
    const target = perCaller(() => newGrid(VILLAGE));
    return {
      build: async (p: Principal) =>
        post(`/v1/regions/${await target(p)}/response-closure`, { note: '矩阵结束' }),
    };
  })(),
  createGrid: {
    build: () => post('/v1/grids', { villageCode: OTHER_VILLAGE, kind: 'basic', name: '矩阵新网格' }),
  },
  setGridCovers: (() => {
    const target = perCaller(() => newGrid(VILLAGE));
    return {
      build: async (p: Principal) => ({
        method: 'PUT',
        path: `/v1/grids/${await target(p)}/covers`,
        body: { covers: ['矩阵小区'] },
      }),
    };
  })(),
  assignGridStaff: (() => {
    const target = perCaller(async () => (await newStaff({ role: 'volunteer', grids: [G3] })).user.userId);
    return { build: async (p: Principal) => post(`/v1/grids/${G}/staff`, { userId: await target(p) }) };
  })(),
  unassignGridStaff: (() => {
    const target = perCaller(async () => (await newStaff({ role: 'volunteer', grids: [G] })).user.userId);
    return {
      build: async (p: Principal) => ({ method: 'DELETE', path: `/v1/grids/${G}/staff/${await target(p)}` }),
    };
  })(),
  moveHousehold: (() => {
    const target = perCaller(async () => (await freshHousehold()).householdId);
    return {
      build: async (p: Principal) => post(`/v1/households/${await target(p)}/move`, { gridCode: G3 }),
    };
  })(),
  publishNotice: {
    build: () =>
      post('/v1/notices', { title: '矩阵通知', body: '请知悉', ackRequired: false, scope: G }, true),
  },
  listNoticeInbox: { build: () => get('/v1/notices/inbox'), scope: 'everyone' },
  acknowledgeNotice: { build: () => post(`/v1/notices/${noticeId}/ack`) },
  getNoticeAcks: { build: () => get(`/v1/notices/${noticeId}/acks`) },
  getDailyReport: { build: () => get(`/v1/reports/daily?scope=${STREET}&date=${TODAY}`) },
  // Checkpoints: gridworkers and volunteers of a grid in the village reach its checkpoints.
  createCheckpoint: {
    build: () => post('/v1/checkpoints', { regionCode: VILLAGE, name: '矩阵东门', kind: 'road' }),
  },
  listCheckpoints: { build: () => get(`/v1/checkpoints?regionCode=${VILLAGE}`) },
  getCheckpoint: { build: async () => get(await checkpointPath()) },
  assignShift: {
    // Each caller the matrix lets through puts the volunteer on another day (no overlapping shifts).
    build: async () =>
      post(
        await checkpointPath('/shifts'),
        {
          staffId: decodeJwt(tokenOf('volunteer')).sub,
          date: addDays(TODAY, ++assignedDays),
          starts: '06:00',
          ends: '14:00',
        },
        true,
      ),
  },
  listRoster: { build: async () => get(await checkpointPath(`/shifts?date=${TODAY}`)) },
  listRosterStaff: { build: async () => get(await checkpointPath('/staff')) },
  listMyShifts: { build: () => get('/v1/me/shifts'), scope: 'everyone' },
  signInShift: { build: async (p) => post(`/v1/shifts/${await shiftOf(p, false)}/sign-in`) },
  signOutShift: { build: async (p) => post(`/v1/shifts/${await shiftOf(p, true)}/sign-out`) },
  logEntry: {
    build: async () =>
      post(await checkpointPath('/entries'), { direction: 'in', person: { kind: 'resident' } }, true),
  },
  listEntries: { build: async () => get(await checkpointPath(`/entries?date=${TODAY}`)) },
  getCheckpointFigures: { build: async () => get(await checkpointPath(`/figures?date=${TODAY}`)) },
  getMyPasses: {
    build: () => get('/v1/me/passes'),
    scope: 'everyone',
    reachedOnly: {
      who: ['gridworker', 'otherGridworker', 'volunteer', 'centre', 'otherCentre', 'admin'],
      why: 'these staff never had a household of their own: 404 NOT_FOUND',
    },
  },
  issuePersonPass: { build: () => post(`${personPath(home.members[0]!.person.personId)}/pass`) },
  printPersonPass: { build: () => get(`${personPath(home.members[0]!.person.personId)}/pass/pdf`) },
  getPassKeys: { build: () => get('/v1/pass-keys'), scope: 'everyone' },
  listPassRevocations: { build: () => get('/v1/pass-revocations'), scope: 'everyone' },
};

// ---------------------------------------------------------------- setup

async function newGrid(villageCode: string): Promise<string> {
  const res = await api('POST', '/v1/grids', {
    token: adminToken,
    body: { villageCode, kind: 'basic', name: '授权矩阵网格' },
  });
  return expectBody(res, 201, gridSchema).gridCode;
}

/** Re-signs a real token's claims as tokens.ts does, with another key or an expiry in the past. */
async function resign(token: string, opts: { key?: string; exp?: number }) {
  const { sub, role, scopes, hh, pid, oid } = decodeJwt(token);
  return new SignJWT({ role, scopes, hh, pid, oid })
    .setProtectedHeader({ alg: 'HS256' })
    .setSubject(sub!)
    .setIssuer('grid-platform')
    .setIssuedAt(Math.floor(Date.now() / 1000) - 7200)
    .setExpirationTime(opts.exp ?? Math.floor(Date.now() / 1000) + 600)
    .sign(new TextEncoder().encode(opts.key ?? LOCAL_SECRETS.TOKEN_SIGNING_KEY));
}

/** A far day nobody else's quarantine reaches, so the reminder job there touches only ours. */
const FAR_DAY = addDays(TODAY, 731);

async function makeTasks(count: number): Promise<string[]> {
  const household = await must<CreateHouseholdResponse>(
    api('POST', '/v1/households', {
      token: gwToken,
      body: {
        address: '胜园街道任务 1 号',
        gridCode: G,
        members: Array.from({ length: count }, () => memberInput('other', { phone: null })),
      },
      headers: { 'idempotency-key': newKey() },
    }),
    'task household',
  );
  const at = (hhmm: string) => new Date(`${FAR_DAY}T${hhmm}:00+08:00`).toISOString();
  await must(
    api('POST', '/v1/quarantines', {
      token: gwToken,
      body: { householdId: household.householdId, reason: 'close_contact' },
      headers: { 'x-local-now': at('07:00') },
    }),
    'far quarantine',
  );
  await runSchedule('remindChecks', at('09:10'));
  const page = await must<{ items: Array<{ taskId: string; personId: string }> }>(
    api('GET', `/v1/grids/${G}/tasks?limit=50`, { token: gwToken }),
    'tasks',
  );
  const ours = new Set(household.members.map((m) => m.personId));
  return page.items.filter((t) => ours.has(t.personId)).map((t) => t.taskId);
}

async function makeAlerts(count: number): Promise<string[]> {
  const ids = await Promise.all(
    Array.from({ length: count }, async () => {
      const report = await must<{ personId: string; date: string; slot: string }>(
        api('POST', `${personPath(await freshPersonId())}/health-reports`, {
          token: gwToken,
          body: { temperature: 38.9 },
          headers: { 'idempotency-key': newKey() },
        }),
        'fever report',
      );
      return `F.${report.personId}.${report.date.replaceAll('-', '')}.${report.slot[0]}`;
    }),
  );
  await drainStreams();
  return ids;
}

/** An import of the street waiting for its parts (part 1 already there when `withPart`). */
async function uploadingImport(withPart: boolean): Promise<string> {
  const { importId: id } = await must<{ importId: string }>(
    api('POST', '/v1/cross-match/imports', {
      token: adminToken,
      body: { filename: 'matrix-parts.csv', source: 'police', regionCode: STREET },
    }),
    'import in parts',
  );
  if (withPart) {
    await must(
      api('PUT', `/v1/cross-match/imports/${id}/parts/1`, {
        token: adminToken,
        body: { contentBase64: csvRows([arrivalRow(92)]) },
      }),
      'part',
    );
  }
  return id;
}

/** An import of arrivals the address router can only place in the street: queued rows. */
async function makeImports(): Promise<void> {
  const upload = (contentBase64: string) =>
    must<{ importId: string }>(
      api('POST', '/v1/cross-match/imports', {
        token: adminToken,
        body: { filename: 'matrix.csv', contentBase64, source: 'police', regionCode: STREET },
      }),
      'import',
    );
  const queued = await upload(csvRows(Array.from({ length: 9 }, (_, i) => arrivalRow(i))));
  importId = queued.importId;
  const unreadable = Buffer.from('列一,列二\n甲,乙\n').toString('base64');
  pools.failedImports = (await Promise.all([1, 2, 3, 4].map(() => upload(unreadable)))).map(
    (i) => i.importId,
  );
  const all = [importId, ...pools.failedImports];
  for (let run = 0; run < 20; run++) {
    // Each step triggers the next through the table stream: draining waits for the chain.
    await drainStreams();
    const states = await Promise.all(
      all.map((id) =>
        must<{ status: string }>(
          api('GET', `/v1/cross-match/imports/${id}`, { token: adminToken }),
          'import',
        ),
      ),
    );
    if (states.every((s) => s.status === 'completed' || s.status === 'failed')) break;
  }
  const rows = await must<{ items: Array<{ taskId: string; outcome: string; status: string }> }>(
    api('GET', `/v1/cross-match/imports/${importId}/rows?limit=50`, { token: adminToken }),
    'rows',
  );
  pools.queuedRows = rows.items
    .filter((r) => r.outcome === 'queued' && r.status === 'open')
    .map((r) => r.taskId);
}

beforeAll(async () => {
  const admin = await demo('demo-admin');
  adminToken = admin.token;
  G = await newGrid(VILLAGE);
  [G2, G3] = await Promise.all([newGrid(OTHER_VILLAGE), newGrid(VILLAGE)]);
  const [gridworker, otherGridworker, volunteer, centre, otherCentre, own, others] = await Promise.all([
    newGridworker(G, G3),
    newGridworker(G2),
    newStaff({ role: 'volunteer', grids: [G] }),
    newStaff({ role: 'centre', regionCode: STREET }),
    newStaff({ role: 'centre', regionCode: OTHER_STREET }),
    newHousehold(G),
    newHousehold(G2),
  ]);
  gwToken = gridworker.token;
  home = own;
  const sessions: Array<[Principal, Session]> = [
    ['resident', own.owner],
    ['otherResident', others.owner],
    ['gridworker', gridworker],
    ['otherGridworker', otherGridworker],
    ['volunteer', volunteer],
    ['centre', centre],
    ['otherCentre', otherCentre],
    ['admin', admin],
  ];
  for (const [p, s] of sessions) tokens.set(p, s.token);
  tokens.set('expiredToken', await resign(admin.token, { exp: Math.floor(Date.now() / 1000) - 60 }));
  tokens.set(
    'forgedToken',
    await resign(admin.token, { key: 'another-key-that-is-not-the-servers-0123456789' }),
  );

  // The household's parent is in home quarantine: supply requests and follow-ups need one.
  homeQuarantineId = await quarantineOf(own.members[2]!.person.personId);
  const notice = await must<{ noticeId: string }>(
    api('POST', '/v1/notices', {
      token: adminToken,
      headers: { 'idempotency-key': newKey() },
      body: { title: '矩阵通知', body: '请确认收到', ackRequired: true, scope: G },
    }),
    'notice',
  );
  noticeId = notice.noticeId;
  const [alerts, tasks] = await Promise.all([makeAlerts(8), makeTasks(3), makeImports()]);
  pools.alerts = alerts;
  pools.tasks = tasks;
}, 180_000);

// ---------------------------------------------------------------- the matrix

/** Like the client's api(), but a 2xx may be a file (the daily report): only JSON answers are parsed. */
async function send(p: Principal, method: string, request: Request): Promise<ApiResponse> {
  const headers: Record<string, string> = { ...request.headers };
  if (tokens.has(p)) headers.authorization = `Bearer ${tokenOf(p)}`;
  if (request.body !== undefined) headers['content-type'] = 'application/json';
  const res = await fetch(`${stack().apiUrl}${request.path}`, {
    method,
    headers,
    ...(request.body === undefined ? {} : { body: JSON.stringify(request.body) }),
  });
  const json = (res.headers.get('content-type') ?? '').startsWith('application/json');
  let body: unknown = null;
  if (json) body = await res.json();
  else await res.arrayBuffer();
  return { status: res.status, body, headers: res.headers };
}

describe('the authorization matrix', () => {
  it('has a request builder for every route of the manifest, and none for routes that are gone', () => {
    const ids = manifest.routes.map((r) => r.operationId);
    expect(
      ids.filter((id) => !(id in BUILDERS)),
      'routes without a matrix entry',
    ).toEqual([]);
    expect(
      Object.keys(BUILDERS).filter((id) => !ids.includes(id)),
      'entries without a route',
    ).toEqual([]);
  });

  describe.concurrent.each(
    manifest.routes
      .filter((r) => r.operationId in BUILDERS)
      .map((r) => [`${r.method} ${r.path}`, r] as const),
  )('%s', (_, route) => {
    it('answers each caller as its role and scope say', { timeout: 120_000 }, async () => {
      const entry = BUILDERS[route.operationId]!;
      const want: Record<string, Outcome> = {};
      const got: Record<string, string> = {};
      await Promise.all(
        PRINCIPALS.map(async (p) => {
          const outcome = expected(route, entry, p);
          want[p] = outcome;
          const request = ['ok', 'reached', 'FORBIDDEN_SCOPE'].includes(outcome)
            ? await entry.build(p)
            : { path: route.path.replace(/\{[^}]+\}/g, unknownId()) };
          const res = await send(p, request.method ?? route.method, request);
          got[p] = observed(res, outcome);
          if (res.status === 401 || res.status === 403) {
            expect(res.body, `${p}: the error envelope`).toMatchObject({
              error: { code: got[p], message: expect.any(String) },
            });
          }
        }),
      );
      expect(got).toEqual(want);
    });
  });
});
