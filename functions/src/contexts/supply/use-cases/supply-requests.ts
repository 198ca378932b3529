/**
 * Supply requests of home-quarantined households: a household (or its gridworker) asks, staff and
 * volunteers of the grid accept and deliver, the household confirms (or the job does after 24 h).
 * Answers carry no health data: volunteers see the address, the contact phone, items and notes.
 */
import {
  addDays,
  type CreateSupplyRequest,
  localDate,
  localDateTime,
  NOTIFICATION_PAGES,
  OPEN_SUPPLY_STATUSES,
  SUPPLY_AUTO_CONFIRM_HOURS,
  SUPPLY_AUTO_CONFIRMED_LABEL,
  SUPPLY_KIND_LABELS,
  SUPPLY_OVERDUE_HOURS,
  SUPPLY_STATUS_LABELS,
  SUPPLY_TRANSITIONS,
  type SupplyAction,
  type SupplyRequest,
  type SupplyStatus,
  supplyRequestSchema,
} from '@grid/shared';
import { assertGridAccess, canAccessGrid, canAccessHousehold } from '../../../lib/auth/access';
import type { Principal } from '../../../lib/auth/tokens';
import { config } from '../../../lib/config';
import { decryptField } from '../../../lib/crypto/personal-data';
import { AppError } from '../../../lib/errors';
import { type Claimed, requestHash } from '../../../lib/idempotency';
import { newId } from '../../../lib/ids';
import { logger } from '../../../lib/middleware/logger';
import { getHousehold } from '../../households/entities/household';
import { getPersons, type PersonItem } from '../../households/entities/person';
import { type NotifyOutcome, notifyUser } from '../../notices/use-cases/notify';
import {
  applyTransition,
  claimSupplyNotice,
  deliveredIndexKeys,
  getSupplyRequest,
  listDeliveredBefore,
  listHouseholdSupplyRequests,
  listOpenSupplyRequests,
  putSupplyRequest,
  recordSupplyNoticeOutcome,
  releaseSupplyNotice,
  type SupplyRequestItem,
  supplyRequestId,
  type Transition,
} from '../entities/supply-request';

const HOUR_MS = 3_600_000;

type Audience = 'household' | 'staff';

function audienceOf(principal: Principal): Audience {
  return principal.role === 'resident' ? 'household' : 'staff';
}

export function isOverdue(item: Pick<SupplyRequestItem, 'status' | 'createdAt'>, now: Date): boolean {
  return (
    OPEN_SUPPLY_STATUSES.includes(item.status) &&
    now.getTime() - Date.parse(item.createdAt) > SUPPLY_OVERDUE_HOURS * HOUR_MS
  );
}

/** The answer: staff get the full phone (they call before delivering), the household the mask. */
function toView(item: SupplyRequestItem, now: Date, audience: Audience): SupplyRequest {
  const view: SupplyRequest = {
    requestId: item.requestId,
    householdId: item.householdId,
    gridCode: item.gridCode,
    address: item.address,
    contactPhoneMasked: item.contactPhoneMasked,
    items: item.items,
    note: item.note,
    preferredTime: item.preferredTime,
    status: item.status,
    createdAt: item.createdAt,
    createdBy: item.createdBy,
    updatedAt: item.updatedAt,
    acceptedBy: item.acceptedBy,
    acceptedAt: item.acceptedAt,
    deliveredBy: item.deliveredBy,
    deliveredAt: item.deliveredAt,
    deliveryNote: item.deliveryNote,
    confirmedAt: item.confirmedAt,
    autoConfirmed: item.autoConfirmed,
    rejectionReason: item.rejectionReason,
    overdue: isOverdue(item, now),
    history: item.history,
  };
  if (audience === 'staff')
    view.contactPhone = item.contactPhoneEnc ? decryptField(item.contactPhoneEnc) : null;
  return supplyRequestSchema.parse(view);
}

/** Who the deliverer calls: the requesting resident, else the household's "self", else anyone with a phone. */
function contactOf(principal: Principal, members: PersonItem[]): PersonItem | undefined {
  const withPhone = members.filter((m) => m.phoneEnc);
  return (
    withPhone.find((m) => principal.role === 'resident' && m.personId === principal.personId) ??
    withPhone.find((m) => m.relation === 'self') ??
    withPhone[0]
  );
}

function assertPreferredTime(input: CreateSupplyRequest, now: Date): void {
  const t = input.preferredTime;
  if (!t) return;
  const today = localDate(now);
  const allowedDay = t.date === today || t.date === addDays(today, 1);
  if (!allowedDay || localDateTime(t.date, t.to).getTime() <= now.getTime()) {
    throw new AppError('PREFERRED_TIME_INVALID', { today });
  }
}

export async function createSupplyRequest(
  principal: Principal,
  householdId: string,
  input: CreateSupplyRequest,
  idempotencyKey: string,
  now: Date,
): Promise<Claimed<SupplyRequest>> {
  const household = await getHousehold(householdId);
  if (!household || !canAccessHousehold(principal, household)) throw new AppError('FORBIDDEN_SCOPE');
  assertPreferredTime(input, now);
  const members = await getPersons(household.memberIds);
  if (!members.some((m) => m.activeQuarantineId)) throw new AppError('NOT_QUARANTINED');

  const contact = contactOf(principal, members);
  const seq = newId(now);
  const at = now.toISOString();
  const item: SupplyRequestItem = {
    type: 'SUPPLY_REQUEST',
    requestId: supplyRequestId(householdId, seq),
    householdId,
    seq,
    gridCode: household.gridCode,
    address: household.address,
    contactPhoneEnc: contact?.phoneEnc ?? null,
    contactPhoneMasked: contact?.phoneMasked ?? null,
    items: input.items,
    note: input.note ?? null,
    preferredTime: input.preferredTime ?? null,
    status: 'submitted',
    createdAt: at,
    createdBy: principal.userId,
    updatedAt: at,
    acceptedBy: null,
    acceptedAt: null,
    deliveredBy: null,
    deliveredAt: null,
    deliveryNote: null,
    confirmedAt: null,
    autoConfirmed: false,
    rejectionReason: null,
    history: [{ action: 'submit', status: 'submitted', at, by: principal.userId }],
    idempotencyKey,
    requestHash: requestHash({ householdId, ...input }),
  };
  // The key is the household's: the same body is a retry (the original), another body a reuse (422).
  const { created, value } = await putSupplyRequest(item, now);
  return { created, value: toView(value, now, audienceOf(principal)) };
}

function canSeeRequest(principal: Principal, item: SupplyRequestItem): boolean {
  return principal.role === 'resident'
    ? principal.householdId === item.householdId
    : canAccessGrid(principal, item.gridCode);
}

async function loadRequestInScope(principal: Principal, requestId: string): Promise<SupplyRequestItem> {
  const item = await getSupplyRequest(requestId);
  if (!item || !canSeeRequest(principal, item)) throw new AppError('FORBIDDEN_SCOPE');
  return item;
}

export async function getSupplyRequestView(principal: Principal, requestId: string, now: Date) {
  return toView(await loadRequestInScope(principal, requestId), now, audienceOf(principal));
}

export async function listHouseholdRequests(
  principal: Principal,
  householdId: string,
  page: { limit: number; cursor?: string | undefined },
  now: Date,
) {
  const household = await getHousehold(householdId);
  if (!household || !canAccessHousehold(principal, household)) throw new AppError('FORBIDDEN_SCOPE');
  const { items, nextCursor } = await listHouseholdSupplyRequests(householdId, page.limit, page.cursor);
  return { items: items.map((i) => toView(i, now, audienceOf(principal))), nextCursor };
}

export async function listGridOpenRequests(
  principal: Principal,
  gridCode: string,
  page: { limit: number; cursor?: string | undefined },
  now: Date,
) {
  assertGridAccess(principal, gridCode);
  const { items, nextCursor } = await listOpenSupplyRequests(gridCode, page.limit, page.cursor);
  return { items: items.map((i) => toView(i, now, 'staff')), nextCursor };
}

type UserAction = Exclude<SupplyAction, 'submit' | 'auto_confirm'>;

function transitionOf(
  item: SupplyRequestItem,
  action: Exclude<SupplyAction, 'submit'>,
  by: string,
  at: string,
  text: string | undefined,
): Transition {
  const to = SUPPLY_TRANSITIONS[action].to;
  const event = { action, status: to, at, by, ...(text ? { note: text } : {}) };
  const base = { from: item.status, to, event };
  switch (action) {
    case 'accept':
      return { ...base, fields: { acceptedBy: by, acceptedAt: at }, index: 'keep' };
    case 'deliver':
      return {
        ...base,
        fields: { deliveredBy: by, deliveredAt: at, deliveryNote: text ?? null },
        index: deliveredIndexKeys(item, at),
      };
    case 'confirm':
      return { ...base, fields: { confirmedAt: at, autoConfirmed: false }, index: 'remove' };
    case 'auto_confirm':
      return { ...base, fields: { confirmedAt: at, autoConfirmed: true }, index: 'remove' };
    case 'cancel':
      return { ...base, fields: {}, index: 'remove' };
    case 'reject':
      return { ...base, fields: { rejectionReason: text ?? null }, index: 'remove' };
  }
}

function invalidTransition(from: SupplyStatus, action: SupplyAction): AppError {
  return new AppError('INVALID_TRANSITION', { from, action });
}

/**
 * One step of the state machine. The update is conditional on the status read here, so of two
 * people acting at once exactly one wins; the other gets 409 with the status that beat it.
 */
export async function transitionSupplyRequest(
  principal: Principal,
  requestId: string,
  action: UserAction,
  text: string | undefined,
  now: Date,
): Promise<SupplyRequest> {
  const item = await loadRequestInScope(principal, requestId);
  if (!SUPPLY_TRANSITIONS[action].from.includes(item.status)) throw invalidTransition(item.status, action);
  const result = await applyTransition(
    requestId,
    transitionOf(item, action, principal.userId, now.toISOString(), text),
  );
  if (!result.applied) throw invalidTransition(result.current?.status ?? item.status, action);
  return toView(result.item, now, audienceOf(principal));
}

/** The job: confirms every delivery older than 24 h that its household has not confirmed. */
export async function autoConfirmDeliveries(now: Date): Promise<{ confirmed: number; lost: number }> {
  const cutoff = new Date(now.getTime() - SUPPLY_AUTO_CONFIRM_HOURS * HOUR_MS).toISOString();
  let confirmed = 0;
  let lost = 0;
  for (const city of config().SERVICE_CITY_CODES) {
    for (const item of await listDeliveredBefore(city, cutoff)) {
      const result = await applyTransition(
        item.requestId,
        transitionOf(item, 'auto_confirm', 'system', now.toISOString(), undefined),
      );
      // Lost: the household confirmed between the query and the update.
      if (result.applied) confirmed++;
      else lost++;
    }
  }
  return { confirmed, lost };
}

/** `2024-03-01 08:05` in Asia/Shanghai: WeChat's `time` field. */
function shanghaiTime(iso: string): string {
  const at = new Date(iso);
  const clock = new Date(at.getTime() + 8 * HOUR_MS).toISOString().slice(11, 16);
  return `${localDate(at)} ${clock}`;
}

function itemSummary(item: SupplyRequestItem): string {
  return [...new Set(item.items.map((i) => SUPPLY_KIND_LABELS[i.kind]))].join('、');
}

/** Which changes the household hears about, and how the status reads in the message. */
function noticeLabel(before: SupplyRequestItem, after: SupplyRequestItem): string | null {
  if (before.status === after.status) return null;
  if (after.status === 'confirmed') return after.autoConfirmed ? SUPPLY_AUTO_CONFIRMED_LABEL : null;
  if (after.status === 'accepted' || after.status === 'delivered' || after.status === 'rejected') {
    return SUPPLY_STATUS_LABELS[after.status];
  }
  return null;
}

export type SupplyNoticeOutcome = NotifyOutcome | 'not_notified' | 'no_owner' | 'already_sent';

/**
 * Tells the household's owner of a change, at most once per transition: a conditional marker is
 * claimed before sending, so a redelivered stream record sends nothing (a send consumes a grant).
 */
export async function notifySupplyTransition(
  before: SupplyRequestItem,
  after: SupplyRequestItem,
  at: Date,
): Promise<SupplyNoticeOutcome> {
  const label = noticeLabel(before, after);
  if (!label) return 'not_notified';
  const owner = (await getHousehold(after.householdId))?.ownerUserId;
  if (!owner) return 'no_owner';
  if (!(await claimSupplyNotice(after.requestId, after.status, at))) return 'already_sent';
  let outcome: NotifyOutcome;
  try {
    outcome = await notifyUser(
      owner,
      'supplyStatus',
      { thing1: itemSummary(after), phrase2: label, time3: shanghaiTime(after.updatedAt) },
      NOTIFICATION_PAGES.supplyStatus,
    );
  } catch (err) {
    await releaseSupplyNotice(after.requestId, after.status);
    throw err;
  }
  await recordSupplyNoticeOutcome(after.requestId, after.status, outcome);
  logger.info('supply notice', { requestId: after.requestId, status: after.status, outcome });
  return outcome;
}
