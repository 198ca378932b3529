/**
 * Supply requests over HTTP against the local stack: the state machine (every invalid transition),
 * concurrent accepts, scopes, what volunteers see, lists and overdue marks, the 24-hour
 * auto-confirmation, and the household's WeChat notices recorded by the fake WeChat.
 */
import { type AttributeValue, GetItemCommand } from '@aws-sdk/client-dynamodb';
import {
  addDays,
  type CreateHouseholdResponse,
  createHouseholdResponseSchema,
  localDate,
  SUPPLY_TRANSITIONS,
  type SupplyAction,
  type SupplyRequest,
  type SupplyStatus,
  supplyRequestPageSchema,
  supplyRequestSchema,
} from '@grid/shared';
import type { DynamoDBStreamEvent } from 'aws-lambda';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ApiResponse, api, drainStreams, login, newKey, runSchedule, stack } from './support/client';
import {
  defaultMembers,
  demo,
  expectBody,
  expectError,
  freshOpenid,
  GRIDS,
  issuesOf,
  maskedPhone,
  newGridworker,
  newStaff,
  postHousehold,
  type StaffSession,
  weChatCalls,
} from './support/fixtures';
import { configureLikeTheStack, restoreEnvironment, stackDynamo } from './support/in-process';
import { streamConsumerInThisProcess } from './support/stream-consumer';

/** Seeded grids only this file writes supply requests to (黄河路街道, outside the demo centre's scope). */
const GRID = GRIDS.supply;
const OTHER_GRID = GRIDS.supplyOther;

const HOUR = 3_600_000;

/** The city admin places a person in home quarantine through the quarantine API. */
async function placeInQuarantine(personId: string): Promise<void> {
  const admin = await demo('demo-admin');
  const res = await api('POST', '/v1/quarantines', {
    token: admin.token,
    body: { personIds: [personId], reason: 'close_contact' },
  });
  if (res.status !== 201) throw new Error(`quarantine failed: ${res.status} ${JSON.stringify(res.body)}`);
}

interface QuarantinedHousehold {
  openid: string;
  token: string;
  userId: string;
  household: CreateHouseholdResponse;
  /** The resident's own phone: the contact a deliverer calls. */
  phone: string;
}

/** A resident registers a household (self with a phone, spouse, elderly parent); the parent goes into quarantine. */
async function newHouseholdInQuarantine(
  grid: string = GRID,
  quarantined = true,
): Promise<QuarantinedHousehold> {
  const openid = freshOpenid('sup');
  const resident = await login(openid);
  const members = defaultMembers();
  const household = expectBody(
    await postHousehold(resident.token, { gridCode: grid, members }),
    201,
    createHouseholdResponseSchema,
  );
  if (!household.session) throw new Error('a resident’s household comes with a session');
  if (quarantined) await placeInQuarantine(household.members[2]!.personId);
  return {
    openid,
    token: household.session.token,
    userId: resident.user.userId,
    household,
    phone: members[0]!.phone!,
  };
}

const basket = () => ({
  items: [
    { kind: 'vegetables', quantity: 3 },
    { kind: 'medicine', quantity: 1, name: '布洛芬缓释胶囊', prescriptionNote: '社区医院处方，每日两次' },
  ],
  note: '放门口即可，到了打电话',
});

function postSupply(
  token: string,
  householdId: string,
  body: unknown,
  opts: { key?: string | null; at?: Date } = {},
) {
  const key = opts.key === undefined ? newKey() : opts.key;
  const headers: Record<string, string> = {};
  if (key !== null) headers['idempotency-key'] = key;
  if (opts.at) headers['x-local-now'] = opts.at.toISOString();
  return api<SupplyRequest>('POST', `/v1/households/${householdId}/supply-requests`, {
    token,
    body,
    headers,
  });
}

type UserAction = Exclude<SupplyAction, 'submit' | 'auto_confirm'>;

function act(token: string, requestId: string, action: UserAction, body?: unknown) {
  const needsBody = action === 'deliver' || action === 'reject';
  return api<SupplyRequest>('POST', `/v1/supply-requests/${requestId}/${action}`, {
    token,
    ...(needsBody ? { body: body ?? (action === 'reject' ? { reason: '超出配送范围' } : {}) } : {}),
  });
}

function getRequest(token: string, requestId: string, at?: Date) {
  return api<SupplyRequest>('GET', `/v1/supply-requests/${requestId}`, {
    token,
    headers: at ? { 'x-local-now': at.toISOString() } : {},
  });
}

async function created(h: QuarantinedHousehold, body: unknown = basket()): Promise<SupplyRequest> {
  return expectBody(await postSupply(h.token, h.household.householdId, body), 201, supplyRequestSchema);
}

/** Every open request of a grid, page by page. */
async function gridOpenList(token: string, grid: string, at?: Date): Promise<SupplyRequest[]> {
  const all: SupplyRequest[] = [];
  let cursor: string | null = null;
  do {
    const query: string = `?limit=5${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`;
    const page = expectBody(
      await api('GET', `/v1/grids/${grid}/supply-requests${query}`, {
        token,
        headers: at ? { 'x-local-now': at.toISOString() } : {},
      }),
      200,
      supplyRequestPageSchema,
    );
    all.push(...page.items);
    cursor = page.nextCursor;
  } while (cursor);
  return all;
}

/** Only the address, the contact phone, items, notes and the request's own state. */
const STAFF_VIEW_KEYS = Object.keys(supplyRequestSchema.shape).sort();

let gridworker: StaffSession;
let volunteer: StaffSession;
let volunteer2: StaffSession;
let otherVolunteer: StaffSession;
let otherGridworker: StaffSession;

beforeAll(async () => {
  [gridworker, volunteer, volunteer2, otherVolunteer, otherGridworker] = await Promise.all([
    newGridworker(GRID),
    newStaff({ role: 'volunteer', grids: [GRID] }),
    newStaff({ role: 'volunteer', grids: [GRID] }),
    newStaff({ role: 'volunteer', grids: [OTHER_GRID] }),
    newGridworker(OTHER_GRID),
  ]);
});

describe('the happy path', () => {
  it('goes submitted → accepted → delivered → confirmed, with the history on the request', async () => {
    const h = await newHouseholdInQuarantine();
    const tomorrow = addDays(localDate(new Date()), 1);
    const body = {
      items: [
        { kind: 'vegetables', quantity: 3 },
        { kind: 'rice_flour', quantity: 1, unit: 'bag' },
        { kind: 'meat_eggs', quantity: 2, unit: 'box', note: '鸡蛋' },
        { kind: 'masks', quantity: 20 },
        { kind: 'disinfectant', quantity: 2 },
        { kind: 'thermometer', quantity: 1 },
        { kind: 'medicine', quantity: 1, name: '布洛芬缓释胶囊', prescriptionNote: '社区医院处方' },
        { kind: 'garbage_pickup', quantity: 2 },
        { kind: 'other', quantity: 1, description: '婴儿奶粉 1 段' },
      ],
      note: '老人行动不便',
      preferredTime: { date: tomorrow, from: '09:00', to: '11:30' },
    };
    const key = newKey();
    const res = await postSupply(h.token, h.household.householdId, body, { key });
    const request = expectBody(res, 201, supplyRequestSchema);
    expect(request).toMatchObject({
      householdId: h.household.householdId,
      gridCode: GRID,
      address: h.household.address,
      status: 'submitted',
      createdBy: h.userId,
      acceptedBy: null,
      overdue: false,
      note: '老人行动不便',
      preferredTime: body.preferredTime,
      contactPhoneMasked: maskedPhone(h.phone),
    });
    // The household sees its phone masked; the full number is for the staff who call.
    expect(request).not.toHaveProperty('contactPhone');
    expect(request.items.map((i) => [i.kind, i.quantity, i.unit])).toEqual([
      ['vegetables', 3, 'jin'],
      ['rice_flour', 1, 'bag'],
      ['meat_eggs', 2, 'box'],
      ['masks', 20, 'piece'],
      ['disinfectant', 2, 'bottle'],
      ['thermometer', 1, 'piece'],
      ['medicine', 1, 'box'],
      ['garbage_pickup', 2, 'bag'],
      ['other', 1, 'piece'],
    ]);
    expect(request.history).toEqual([
      { action: 'submit', status: 'submitted', at: request.createdAt, by: h.userId },
    ]);

    // A retry answers the original; the same key with another body is refused.
    const retry = expectBody(
      await postSupply(h.token, h.household.householdId, body, { key }),
      200,
      supplyRequestSchema,
    );
    expect(retry.requestId).toBe(request.requestId);
    expectError(
      await postSupply(h.token, h.household.householdId, basket(), { key }),
      422,
      'IDEMPOTENCY_KEY_REUSED',
    );

    const mine = expectBody(
      await api('GET', `/v1/households/${h.household.householdId}/supply-requests`, { token: h.token }),
      200,
      supplyRequestPageSchema,
    );
    expect(mine.items.map((r) => r.requestId)).toEqual([request.requestId]);

    const open = await gridOpenList(volunteer.token, GRID);
    const listed = open.find((r) => r.requestId === request.requestId);
    expect(listed?.contactPhone).toBe(h.phone);

    const accepted = expectBody(
      await act(volunteer.token, request.requestId, 'accept'),
      200,
      supplyRequestSchema,
    );
    expect(accepted).toMatchObject({
      status: 'accepted',
      acceptedBy: volunteer.user.userId,
      contactPhone: h.phone,
    });
    expect(
      (await gridOpenList(volunteer.token, GRID)).find((r) => r.requestId === request.requestId)?.status,
    ).toBe('accepted');

    const delivered = expectBody(
      await act(volunteer.token, request.requestId, 'deliver', { note: '已放门口并电话告知' }),
      200,
      supplyRequestSchema,
    );
    expect(delivered).toMatchObject({
      status: 'delivered',
      deliveredBy: volunteer.user.userId,
      deliveryNote: '已放门口并电话告知',
    });
    expect((await gridOpenList(volunteer.token, GRID)).map((r) => r.requestId)).not.toContain(
      request.requestId,
    );

    const confirmed = expectBody(await act(h.token, request.requestId, 'confirm'), 200, supplyRequestSchema);
    expect(confirmed).toMatchObject({ status: 'confirmed', autoConfirmed: false });
    expect(confirmed.history.map((e) => [e.action, e.status, e.by])).toEqual([
      ['submit', 'submitted', h.userId],
      ['accept', 'accepted', volunteer.user.userId],
      ['deliver', 'delivered', volunteer.user.userId],
      ['confirm', 'confirmed', h.userId],
    ]);
    expect(confirmed.history[2]?.note).toBe('已放门口并电话告知');
    expect(expectBody(await getRequest(h.token, request.requestId), 200, supplyRequestSchema)).toEqual(
      confirmed,
    );
  });

  it('lets the gridworker ask on the household’s behalf', async () => {
    const h = await newHouseholdInQuarantine();
    const res = await postSupply(gridworker.token, h.household.householdId, basket());
    const request = expectBody(res, 201, supplyRequestSchema);
    expect(request).toMatchObject({
      createdBy: gridworker.user.userId,
      contactPhone: h.phone,
      status: 'submitted',
    });
    // …and to withdraw it for them.
    expect(
      expectBody(await act(gridworker.token, request.requestId, 'cancel'), 200, supplyRequestSchema).status,
    ).toBe('cancelled');
  });
});

describe('the state machine', () => {
  /** Who may take each action (the role check is not what these tests are about). */
  const actorOf = (action: UserAction, h: QuarantinedHousehold) =>
    ({
      accept: volunteer.token,
      deliver: volunteer.token,
      confirm: h.token,
      cancel: h.token,
      reject: gridworker.token,
    })[action];

  const paths: Record<SupplyStatus, UserAction[]> = {
    submitted: [],
    accepted: ['accept'],
    delivered: ['accept', 'deliver'],
    confirmed: ['accept', 'deliver', 'confirm'],
    cancelled: ['cancel'],
    rejected: ['reject'],
  };
  const userActions: UserAction[] = ['accept', 'deliver', 'confirm', 'cancel', 'reject'];
  const invalid = (Object.keys(paths) as SupplyStatus[]).flatMap((status) =>
    userActions
      .filter((action) => !SUPPLY_TRANSITIONS[action].from.includes(status))
      .map((action) => ({ status, action })),
  );

  let household: QuarantinedHousehold;
  const inState = new Map<SupplyStatus, SupplyRequest>();

  beforeAll(async () => {
    household = await newHouseholdInQuarantine();
    for (const [status, steps] of Object.entries(paths) as [SupplyStatus, UserAction[]][]) {
      let request = await created(household);
      for (const step of steps) {
        request = expectBody(
          await act(actorOf(step, household), request.requestId, step),
          200,
          supplyRequestSchema,
        );
      }
      expect(request.status).toBe(status);
      inState.set(status, request);
    }
  });

  it('covers every state and action pair that is not allowed', () => {
    expect(invalid).toHaveLength(24);
  });

  it.each(invalid)('$action on a $status request → 409 INVALID_TRANSITION', async ({ status, action }) => {
    const request = inState.get(status)!;
    const error = expectError(
      await act(actorOf(action, household), request.requestId, action),
      409,
      'INVALID_TRANSITION',
    );
    expect(error.details).toEqual({ from: status, action });
    const after = expectBody(await getRequest(household.token, request.requestId), 200, supplyRequestSchema);
    expect(after.status).toBe(status);
    expect(after.history).toEqual(request.history);
  });

  it('lets the household cancel before acceptance but not after', async () => {
    const h = await newHouseholdInQuarantine();
    const early = await created(h);
    const cancelled = expectBody(await act(h.token, early.requestId, 'cancel'), 200, supplyRequestSchema);
    expect(cancelled.status).toBe('cancelled');
    expect((await gridOpenList(gridworker.token, GRID)).map((r) => r.requestId)).not.toContain(
      early.requestId,
    );

    const late = await created(h);
    expectBody(await act(volunteer.token, late.requestId, 'accept'), 200, supplyRequestSchema);
    const error = expectError(await act(h.token, late.requestId, 'cancel'), 409, 'INVALID_TRANSITION');
    expect(error.details).toEqual({ from: 'accepted', action: 'cancel' });
  });

  it('lets staff reject with a reason before delivery, and not volunteers', async () => {
    const h = await newHouseholdInQuarantine();
    const request = await created(h);
    expectBody(await act(volunteer.token, request.requestId, 'accept'), 200, supplyRequestSchema);
    expectError(await act(volunteer.token, request.requestId, 'reject'), 403, 'FORBIDDEN_ROLE');
    const noReason = expectError(
      await act(gridworker.token, request.requestId, 'reject', {}),
      400,
      'VALIDATION_FAILED',
    );
    expect(issuesOf(noReason).map((i) => i.path)).toEqual(['body.reason']);

    const rejected = expectBody(
      await act(gridworker.token, request.requestId, 'reject', { reason: '药品需本人到医院开具' }),
      200,
      supplyRequestSchema,
    );
    expect(rejected).toMatchObject({ status: 'rejected', rejectionReason: '药品需本人到医院开具' });
    expect(rejected.history.at(-1)).toMatchObject({ action: 'reject', by: gridworker.user.userId });
    expect((await gridOpenList(gridworker.token, GRID)).map((r) => r.requestId)).not.toContain(
      request.requestId,
    );
  });

  it('lets exactly one of several people accepting at once win', async () => {
    const h = await newHouseholdInQuarantine();
    const request = await created(h);
    const takers = [volunteer, volunteer2, gridworker];
    const answers = await Promise.all(takers.map((t) => act(t.token, request.requestId, 'accept')));
    const winners = answers.filter((a) => a.status === 200);
    expect(winners).toHaveLength(1);
    for (const loser of answers.filter((a) => a.status !== 200)) {
      const error = expectError(loser as ApiResponse, 409, 'INVALID_TRANSITION');
      expect(error.details).toEqual({ from: 'accepted', action: 'accept' });
    }
    const winner = takers[answers.indexOf(winners[0]!)]!;
    const final = expectBody(await getRequest(h.token, request.requestId), 200, supplyRequestSchema);
    expect(final.acceptedBy).toBe(winner.user.userId);
    expect(final.history.filter((e) => e.action === 'accept')).toHaveLength(1);
  });
});

describe('who sees what', () => {
  it('lets a volunteer accept and deliver, but not read health data', async () => {
    const h = await newHouseholdInQuarantine();
    const request = await created(h);
    const accepted = expectBody(
      await act(volunteer.token, request.requestId, 'accept'),
      200,
      supplyRequestSchema,
    );
    expectBody(await act(volunteer.token, request.requestId, 'deliver', {}), 200, supplyRequestSchema);

    const quarantinedPerson = h.household.members[2]!;
    expectError(
      await api('GET', `/v1/grids/${GRID}/pending?type=health`, { token: volunteer.token }),
      403,
      'FORBIDDEN_ROLE',
    );
    expectError(
      await api('GET', `/v1/persons/${quarantinedPerson.personId}/contact`, { token: volunteer.token }),
      403,
      'FORBIDDEN_ROLE',
    );
    expectError(
      await api('GET', `/v1/households/${h.household.householdId}/supply-requests`, {
        token: volunteer.token,
      }),
      403,
      'FORBIDDEN_ROLE',
    );

    // Every answer to a volunteer has the request's own fields and nothing about the people.
    const second = await created(h);
    const views = [
      accepted,
      expectBody(await getRequest(volunteer.token, request.requestId), 200, supplyRequestSchema),
      ...(await gridOpenList(volunteer.token, GRID)).filter((r) => r.requestId === second.requestId),
    ];
    expect(views).toHaveLength(3);
    for (const view of views) {
      expect(Object.keys(view).sort()).toEqual(STAFF_VIEW_KEYS);
      expect(view.contactPhone).toBe(h.phone);
      const text = JSON.stringify(view);
      for (const member of h.household.members) {
        expect(text).not.toContain(member.name);
        expect(text).not.toContain(member.personId);
        expect(text).not.toContain(member.idNumberMasked);
      }
      expect(text).not.toMatch(/temperature|symptom|fever|quarantine|idNumber|birthDate/i);
    }
  });

  it('keeps every grid to its own staff and every household to itself', async () => {
    const h = await newHouseholdInQuarantine();
    const request = await created(h);
    const stranger = await newHouseholdInQuarantine(OTHER_GRID);

    expectError(
      await api('GET', `/v1/grids/${GRID}/supply-requests`, { token: otherVolunteer.token }),
      403,
      'FORBIDDEN_SCOPE',
    );
    expectError(await act(otherVolunteer.token, request.requestId, 'accept'), 403, 'FORBIDDEN_SCOPE');
    expectError(await getRequest(otherVolunteer.token, request.requestId), 403, 'FORBIDDEN_SCOPE');
    expectError(await act(otherGridworker.token, request.requestId, 'reject'), 403, 'FORBIDDEN_SCOPE');
    expectError(
      await postSupply(otherGridworker.token, h.household.householdId, basket()),
      403,
      'FORBIDDEN_SCOPE',
    );

    expectError(await getRequest(stranger.token, request.requestId), 403, 'FORBIDDEN_SCOPE');
    expectError(await act(stranger.token, request.requestId, 'cancel'), 403, 'FORBIDDEN_SCOPE');
    expectError(await postSupply(stranger.token, h.household.householdId, basket()), 403, 'FORBIDDEN_SCOPE');
    expectError(
      await api('GET', `/v1/households/${h.household.householdId}/supply-requests`, {
        token: stranger.token,
      }),
      403,
      'FORBIDDEN_SCOPE',
    );
    // An id that names nothing answers like one outside the scope.
    const unknown = `S.${h.household.householdId}.01ARZ3NDEKTSV4RRFFQ69G5FAV`;
    expectError(await getRequest(h.token, unknown), 403, 'FORBIDDEN_SCOPE');

    const unchanged = expectBody(await getRequest(h.token, request.requestId), 200, supplyRequestSchema);
    expect(unchanged.status).toBe('submitted');
  });
});

describe('asking', () => {
  it('needs someone in the household to be in quarantine', async () => {
    const h = await newHouseholdInQuarantine(GRID, false);
    expectError(await postSupply(h.token, h.household.householdId, basket()), 409, 'NOT_QUARANTINED');
    expectError(
      await postSupply(gridworker.token, h.household.householdId, basket()),
      409,
      'NOT_QUARANTINED',
    );
  });

  it('validates the items, the notes and the preferred time', async () => {
    const h = await newHouseholdInQuarantine();
    const post = (body: unknown) => postSupply(h.token, h.household.householdId, body);
    const pathsOf = async (body: unknown) =>
      issuesOf(expectError(await post(body), 400, 'VALIDATION_FAILED')).map((i) => i.path);

    expect(await pathsOf({ items: [{ kind: 'medicine', quantity: 1, prescriptionNote: '处方' }] })).toEqual([
      'body.items.0.name',
    ]);
    expect(await pathsOf({ items: [{ kind: 'medicine', quantity: 1, name: '布洛芬' }] })).toEqual([
      'body.items.0.prescriptionNote',
    ]);
    expect(await pathsOf({ items: [{ kind: 'vegetables', quantity: 0 }] })).toEqual([
      'body.items.0.quantity',
    ]);
    expect(await pathsOf({ items: [{ kind: 'vegetables', quantity: 100 }] })).toEqual([
      'body.items.0.quantity',
    ]);
    expect(await pathsOf({ items: [{ kind: 'vegetables', quantity: 1.5 }] })).toEqual([
      'body.items.0.quantity',
    ]);
    expect(await pathsOf({ items: [{ kind: 'caviar', quantity: 1 }] })).toEqual(['body.items.0.kind']);
    expect(await pathsOf({ items: [{ kind: 'other', quantity: 1 }] })).toEqual(['body.items.0.description']);
    expect(await pathsOf({ items: [{ kind: 'disinfectant', quantity: 1, unit: 'kg' }] })).toEqual([
      'body.items.0.unit',
    ]);
    expect(await pathsOf({ items: [] })).toEqual(['body.items']);
    expect(await pathsOf({ items: [{ kind: 'masks', quantity: 1 }], note: 'x'.repeat(201) })).toEqual([
      'body.note',
    ]);

    const today = localDate(new Date());
    const window = (date: string, from: string, to: string) => ({
      items: [{ kind: 'masks', quantity: 10 }],
      preferredTime: { date, from, to },
    });
    expectError(await post(window(addDays(today, 2), '09:00', '10:00')), 400, 'PREFERRED_TIME_INVALID');
    expectError(await post(window(addDays(today, -1), '09:00', '10:00')), 400, 'PREFERRED_TIME_INVALID');
    expectError(await post(window(addDays(today, 1), '10:00', '09:00')), 400, 'PREFERRED_TIME_INVALID');
    expectError(await post(window(addDays(today, 1), '9:00', '10:00')), 400, 'PREFERRED_TIME_INVALID');
    // A window today that has already ended.
    const at = new Date(`${today}T12:00:00+08:00`);
    expectError(
      await postSupply(h.token, h.household.householdId, window(today, '08:00', '09:00'), { at }),
      400,
      'PREFERRED_TIME_INVALID',
    );
    expectBody(
      await postSupply(h.token, h.household.householdId, window(today, '13:00', '15:00'), { at }),
      201,
      supplyRequestSchema,
    );

    expectError(
      await postSupply(h.token, h.household.householdId, basket(), { key: null }),
      400,
      'IDEMPOTENCY_KEY_REQUIRED',
    );
    expectError(await getRequest(h.token, 'S.not-an-id'), 400, 'VALIDATION_FAILED');
  });
});

describe('lists', () => {
  it('shows a household its requests newest first, page by page', async () => {
    const h = await newHouseholdInQuarantine();
    const t0 = Date.now();
    const made: SupplyRequest[] = [];
    for (const hoursAgo of [3, 2, 1]) {
      const res = await postSupply(h.token, h.household.householdId, basket(), {
        at: new Date(t0 - hoursAgo * HOUR),
      });
      made.push(expectBody(res, 201, supplyRequestSchema));
    }
    const path = `/v1/households/${h.household.householdId}/supply-requests`;
    const first = expectBody(
      await api('GET', `${path}?limit=2`, { token: h.token }),
      200,
      supplyRequestPageSchema,
    );
    expect(first.items.map((r) => r.requestId)).toEqual([made[2]!.requestId, made[1]!.requestId]);
    expect(first.nextCursor).not.toBeNull();
    const second = expectBody(
      await api('GET', `${path}?limit=2&cursor=${encodeURIComponent(first.nextCursor!)}`, { token: h.token }),
      200,
      supplyRequestPageSchema,
    );
    expect(second.items.map((r) => r.requestId)).toEqual([made[0]!.requestId]);
    expect(second.nextCursor).toBeNull();

    // A cursor belongs to its household.
    const other = await newHouseholdInQuarantine();
    expectError(
      await api(
        'GET',
        `/v1/households/${other.household.householdId}/supply-requests?cursor=${first.nextCursor}`,
        {
          token: other.token,
        },
      ),
      400,
      'INVALID_CURSOR',
    );
  });

  it('shows a grid its open requests oldest first, overdue after 4 hours', async () => {
    const h = await newHouseholdInQuarantine();
    const t0 = Date.now();
    const at = (hoursAgo: number) => new Date(t0 - hoursAgo * HOUR);
    const old = expectBody(
      await postSupply(h.token, h.household.householdId, basket(), { at: at(5) }),
      201,
      supplyRequestSchema,
    );
    const oldAccepted = expectBody(
      await postSupply(h.token, h.household.householdId, basket(), { at: at(4.5) }),
      201,
      supplyRequestSchema,
    );
    expectBody(await act(volunteer.token, oldAccepted.requestId, 'accept'), 200, supplyRequestSchema);
    const recent = expectBody(
      await postSupply(h.token, h.household.householdId, basket(), { at: at(3.9) }),
      201,
      supplyRequestSchema,
    );
    const oldDelivered = expectBody(
      await postSupply(h.token, h.household.householdId, basket(), { at: at(6) }),
      201,
      supplyRequestSchema,
    );
    expectBody(await act(volunteer.token, oldDelivered.requestId, 'accept'), 200, supplyRequestSchema);
    expectBody(await act(volunteer.token, oldDelivered.requestId, 'deliver', {}), 200, supplyRequestSchema);

    const list = await gridOpenList(gridworker.token, GRID);
    const createdAts = list.map((r) => r.createdAt);
    expect(createdAts).toEqual([...createdAts].sort());
    expect(list.every((r) => r.status === 'submitted' || r.status === 'accepted')).toBe(true);
    const mine = list.filter((r) => r.householdId === h.household.householdId);
    expect(mine.map((r) => [r.requestId, r.status, r.overdue])).toEqual([
      [old.requestId, 'submitted', true],
      [oldAccepted.requestId, 'accepted', true],
      [recent.requestId, 'submitted', false],
    ]);

    // Overdue is a matter of the time of reading.
    const later = new Date(t0 + 0.2 * HOUR);
    expect(
      expectBody(await getRequest(gridworker.token, recent.requestId, later), 200, supplyRequestSchema)
        .overdue,
    ).toBe(true);
    expect(
      expectBody(await getRequest(gridworker.token, oldDelivered.requestId, later), 200, supplyRequestSchema)
        .overdue,
    ).toBe(false);

    expectError(
      await api('GET', `/v1/grids/${GRID}/supply-requests?cursor=${encodeURIComponent('eyJ4IjoieSJ9')}`, {
        token: gridworker.token,
      }),
      400,
      'INVALID_CURSOR',
    );
  });
});

/** Subscribe messages the fake WeChat received for one user. */
async function messagesTo(openid: string) {
  return (await weChatCalls())
    .filter((c) => c.path === '/cgi-bin/message/subscribe/send')
    .map(
      (c) =>
        c.body as {
          touser: string;
          template_id: string;
          page: string;
          data: Record<string, { value: string }>;
        },
    )
    .filter((b) => b.touser === openid);
}

async function grant(token: string, times: number): Promise<void> {
  for (let i = 0; i < times; i++) {
    const res = await api('POST', '/v1/subscriptions', { token, body: { accepted: ['supplyStatus'] } });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
  }
}

async function remainingGrants(token: string): Promise<number> {
  const res = await api<{ remaining: { supplyStatus: number } }>('GET', '/v1/subscriptions', { token });
  expect(res.status).toBe(200);
  return res.body.remaining.supplyStatus;
}

describe('notices to the household', () => {
  it('sends one message per accepted, delivered and rejected change while grants last', async () => {
    const h = await newHouseholdInQuarantine();
    await grant(h.token, 2);
    const request = await created(h);
    expectBody(await act(volunteer.token, request.requestId, 'accept'), 200, supplyRequestSchema);
    expectBody(await act(volunteer.token, request.requestId, 'deliver', {}), 200, supplyRequestSchema);
    expectBody(await act(h.token, request.requestId, 'confirm'), 200, supplyRequestSchema);
    await drainStreams();

    const sent = await messagesTo(h.openid);
    expect(sent.map((m) => m.data.phrase2?.value)).toEqual(['已接单', '已送达']);
    for (const message of sent) {
      expect(message.template_id).toBe('tpl-supply-status');
      expect(message.page).toBe('resident/pages/supply/index');
      expect(message.data.thing1?.value).toBe('蔬菜、药品');
      expect(message.data.time3?.value).toMatch(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}$/);
    }
    expect(await remainingGrants(h.token)).toBe(0);

    // No grant left: the rejection is not sent (WeChat would refuse it).
    const second = await created(h);
    expectBody(
      await act(gridworker.token, second.requestId, 'reject', { reason: '暂无货源' }),
      200,
      supplyRequestSchema,
    );
    await drainStreams();
    expect(await messagesTo(h.openid)).toHaveLength(2);

    await grant(h.token, 1);
    const third = await created(h);
    expectBody(
      await act(gridworker.token, third.requestId, 'reject', { reason: '暂无货源' }),
      200,
      supplyRequestSchema,
    );
    await drainStreams();
    expect((await messagesTo(h.openid)).map((m) => m.data.phrase2?.value)).toEqual([
      '已接单',
      '已送达',
      '已驳回',
    ]);
  });

  it('sends nothing twice when the stream redelivers a change', async () => {
    const h = await newHouseholdInQuarantine();
    await grant(h.token, 3);
    const request = await created(h);
    expectBody(await act(volunteer.token, request.requestId, 'accept'), 200, supplyRequestSchema);
    await drainStreams();
    expect(await messagesTo(h.openid)).toHaveLength(1);

    // Feed the notifier the same change again, as Lambda does after a partial batch failure.
    const { handler } = await notifierInThisProcess();
    const [, householdId, seq] = request.requestId.split('.');
    const dynamo = stackDynamo();
    const out = await dynamo.send(
      new GetItemCommand({
        TableName: stack().tableName,
        Key: { pk: { S: `HH#${householdId}` }, sk: { S: `SR#${seq}` } },
        ConsistentRead: true,
      }),
    );
    const newImage = out.Item as Record<string, AttributeValue>;
    const oldImage = { ...newImage, status: { S: 'submitted' } };
    const event = {
      Records: [
        {
          eventName: 'MODIFY',
          dynamodb: { SequenceNumber: '1', NewImage: newImage, OldImage: oldImage },
        },
      ],
    } as unknown as DynamoDBStreamEvent;
    expect(await handler(event)).toEqual({ batchItemFailures: [] });
    expect(await handler(event)).toEqual({ batchItemFailures: [] });
    dynamo.destroy();

    expect(await messagesTo(h.openid)).toHaveLength(1);
    expect(await remainingGrants(h.token)).toBe(2);
  });
});

/** The notifier module, loaded here with the stack's settings (the handler reads them from the environment). */
function notifierInThisProcess() {
  configureLikeTheStack();
  return streamConsumerInThisProcess('supplyRequestNotifier');
}

afterAll(restoreEnvironment);

describe('automatic confirmation', () => {
  it('confirms a delivery 24 hours on, not before, and tells the household', async () => {
    const h = await newHouseholdInQuarantine();
    const request = await created(h);
    expectBody(await act(volunteer.token, request.requestId, 'accept'), 200, supplyRequestSchema);
    const delivered = expectBody(
      await act(volunteer.token, request.requestId, 'deliver', {}),
      200,
      supplyRequestSchema,
    );
    const deliveredAt = Date.parse(delivered.deliveredAt!);
    await drainStreams();
    await grant(h.token, 1);

    await runSchedule('autoConfirmSupplyDeliveries', new Date(deliveredAt + 23 * HOUR).toISOString());
    expect(expectBody(await getRequest(h.token, request.requestId), 200, supplyRequestSchema).status).toBe(
      'delivered',
    );

    const at = new Date(deliveredAt + 25 * HOUR).toISOString();
    await runSchedule('autoConfirmSupplyDeliveries', at);
    const confirmed = expectBody(await getRequest(h.token, request.requestId), 200, supplyRequestSchema);
    expect(confirmed).toMatchObject({ status: 'confirmed', autoConfirmed: true, confirmedAt: at });
    expect(confirmed.history.at(-1)).toEqual({
      action: 'auto_confirm',
      status: 'confirmed',
      at,
      by: 'system',
    });
    expectError(await act(h.token, request.requestId, 'confirm'), 409, 'INVALID_TRANSITION');

    // Running again finds nothing left to confirm.
    await runSchedule('autoConfirmSupplyDeliveries', at);
    expect(expectBody(await getRequest(h.token, request.requestId), 200, supplyRequestSchema)).toEqual(
      confirmed,
    );

    await drainStreams();
    expect((await messagesTo(h.openid)).map((m) => m.data.phrase2?.value)).toEqual(['已自动确认']);
  });
});
