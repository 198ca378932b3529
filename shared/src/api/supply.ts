/**
 * Supply requests of home-quarantined households: the catalogue, the request, the state machine
 * and the Chinese labels the API (notifications) and the mini program both show.
 */
import * as z from 'zod';
import { supplyRequestIds } from '../domain/ids';
import { localDateSchema } from '../domain/time';
import { textSchema } from './common';

export const supplyKindSchema = z.enum([
  'vegetables',
  'rice_flour',
  'meat_eggs',
  'masks',
  'disinfectant',
  'thermometer',
  'medicine',
  'garbage_pickup',
  'other',
]);
export type SupplyKind = z.infer<typeof supplyKindSchema>;

export const supplyUnitSchema = z.enum(['jin', 'kg', 'portion', 'bag', 'box', 'piece', 'bottle']);
export type SupplyUnit = z.infer<typeof supplyUnitSchema>;

export const SUPPLY_KIND_LABELS: Readonly<Record<SupplyKind, string>> = {
  vegetables: '蔬菜',
  rice_flour: '米面',
  meat_eggs: '肉蛋',
  masks: '口罩',
  disinfectant: '消毒用品',
  thermometer: '体温计',
  medicine: '药品',
  garbage_pickup: '垃圾清运',
  other: '其他',
};

export const SUPPLY_UNIT_LABELS: Readonly<Record<SupplyUnit, string>> = {
  jin: '斤',
  kg: '公斤',
  portion: '份',
  bag: '袋',
  box: '盒',
  piece: '个',
  bottle: '瓶',
};

const quantitySchema = z.number().int().min(1).max(99);
const itemNoteSchema = textSchema(100).optional();

/** Units that make sense for a kind; the first is the default. */
function unitOf<const U extends readonly [SupplyUnit, ...SupplyUnit[]]>(units: U) {
  return z.enum(units).default(units[0]);
}

function simpleItem<const K extends SupplyKind, const U extends readonly [SupplyUnit, ...SupplyUnit[]]>(
  kind: K,
  units: U,
) {
  return z.strictObject({
    kind: z.literal(kind),
    quantity: quantitySchema,
    unit: unitOf(units),
    note: itemNoteSchema,
  });
}

/** One line of a request. Garbage pickup counts bags; medicine needs its name and the prescription. */
export const supplyItemSchema = z.discriminatedUnion('kind', [
  simpleItem('vegetables', ['jin', 'kg', 'portion']),
  simpleItem('rice_flour', ['jin', 'kg', 'bag']),
  simpleItem('meat_eggs', ['jin', 'kg', 'box', 'piece']),
  simpleItem('masks', ['piece', 'box']),
  simpleItem('disinfectant', ['bottle']),
  simpleItem('thermometer', ['piece']),
  z.strictObject({
    kind: z.literal('medicine'),
    quantity: quantitySchema,
    unit: unitOf(['box', 'bottle']),
    name: textSchema(50).min(1),
    prescriptionNote: textSchema(200).min(1),
    note: itemNoteSchema,
  }),
  simpleItem('garbage_pickup', ['bag']),
  z.strictObject({
    kind: z.literal('other'),
    quantity: quantitySchema,
    unit: unitOf(['piece', 'jin', 'kg', 'portion', 'bag', 'box', 'bottle']),
    description: textSchema(100).min(1),
    note: itemNoteSchema,
  }),
]);
export type SupplyItem = z.output<typeof supplyItemSchema>;

const hhmmSchema = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'PREFERRED_TIME_INVALID');

/**
 * A delivery window on one Asia/Shanghai day. The API also requires the day to be today or
 * tomorrow and the window not to have ended yet.
 */
export const preferredTimeSchema = z
  .strictObject({ date: localDateSchema, from: hhmmSchema, to: hhmmSchema })
  .refine((t) => t.from < t.to, { message: 'PREFERRED_TIME_INVALID', path: ['to'] });
export type PreferredTime = z.infer<typeof preferredTimeSchema>;

export const createSupplyRequestSchema = z.lazy(() =>
  z.strictObject({
    items: z.array(supplyItemSchema).min(1).max(20),
    note: textSchema(200).optional(),
    preferredTime: preferredTimeSchema.optional(),
  }),
);
export type CreateSupplyRequest = z.infer<typeof createSupplyRequestSchema>;

export const supplyStatusSchema = z.enum([
  'submitted',
  'accepted',
  'delivered',
  'confirmed',
  'cancelled',
  'rejected',
]);
export type SupplyStatus = z.infer<typeof supplyStatusSchema>;

export const supplyActionSchema = z.enum([
  'submit',
  'accept',
  'deliver',
  'confirm',
  'auto_confirm',
  'cancel',
  'reject',
]);
export type SupplyAction = z.infer<typeof supplyActionSchema>;

/** The state machine: from which states an action may be taken, and where it leads. */
export const SUPPLY_TRANSITIONS: Readonly<
  Record<Exclude<SupplyAction, 'submit'>, { from: readonly SupplyStatus[]; to: SupplyStatus }>
> = {
  accept: { from: ['submitted'], to: 'accepted' },
  deliver: { from: ['accepted'], to: 'delivered' },
  confirm: { from: ['delivered'], to: 'confirmed' },
  auto_confirm: { from: ['delivered'], to: 'confirmed' },
  cancel: { from: ['submitted'], to: 'cancelled' },
  reject: { from: ['submitted', 'accepted'], to: 'rejected' },
};

/** Open requests are the ones staff still have to act on. */
export const OPEN_SUPPLY_STATUSES: readonly SupplyStatus[] = ['submitted', 'accepted'];

/** Open longer than this, a request is shown as overdue. */
export const SUPPLY_OVERDUE_HOURS = 4;
/** A delivery the household has not confirmed is confirmed automatically this long after. */
export const SUPPLY_AUTO_CONFIRM_HOURS = 24;

/** At most five characters: WeChat's `phrase` field. */
export const SUPPLY_STATUS_LABELS: Readonly<Record<SupplyStatus, string>> = {
  submitted: '已提交',
  accepted: '已接单',
  delivered: '已送达',
  confirmed: '已确认收货',
  cancelled: '已取消',
  rejected: '已驳回',
};
export const SUPPLY_AUTO_CONFIRMED_LABEL = '已自动确认';

export const supplyEventSchema = z.lazy(() =>
  z.object({
    action: supplyActionSchema,
    status: supplyStatusSchema,
    at: z.string(),
    /** A user id, or `system` for the automatic confirmation. */
    by: z.string(),
    note: z.string().optional(),
  }),
);
export type SupplyEvent = z.infer<typeof supplyEventSchema>;

/**
 * A request as the API answers it. No health data: a volunteer sees the address, the contact
 * phone, the items and the notes. `contactPhone` (full, for the call before a delivery) is in
 * answers to staff only; the household gets the masked form.
 */
export const supplyRequestSchema = z.object({
  requestId: z.string(),
  householdId: z.string(),
  gridCode: z.string(),
  address: z.string(),
  contactPhoneMasked: z.string().nullable(),
  contactPhone: z.string().nullable().optional(),
  items: z.array(supplyItemSchema),
  note: z.string().nullable(),
  preferredTime: preferredTimeSchema.nullable(),
  status: supplyStatusSchema,
  createdAt: z.string(),
  createdBy: z.string(),
  updatedAt: z.string(),
  acceptedBy: z.string().nullable(),
  acceptedAt: z.string().nullable(),
  deliveredBy: z.string().nullable(),
  deliveredAt: z.string().nullable(),
  deliveryNote: z.string().nullable(),
  confirmedAt: z.string().nullable(),
  autoConfirmed: z.boolean(),
  rejectionReason: z.string().nullable(),
  /** Open (submitted or accepted) for more than 4 hours at the time of the answer. */
  overdue: z.boolean(),
  history: z.array(supplyEventSchema),
});
export type SupplyRequest = z.infer<typeof supplyRequestSchema>;

export const supplyRequestPageSchema = z.lazy(() =>
  z.object({
    items: z.array(supplyRequestSchema),
    nextCursor: z.string().nullable(),
  }),
);

export const supplyListQuerySchema = z.lazy(() =>
  z.strictObject({
    cursor: z.string().max(512).optional(),
    limit: z.coerce.number().int().min(1).max(50).default(20),
  }),
);

/** S.<householdId>.<sequence>: the id names the item (its household partition and sort key). */
export const supplyRequestParamsSchema = z.lazy(() =>
  z.strictObject({
    requestId: supplyRequestIds.schema,
  }),
);

export const deliverSupplyRequestSchema = z.lazy(() => z.strictObject({ note: textSchema(200).optional() }));
export const rejectSupplyRequestSchema = z.lazy(() => z.strictObject({ reason: textSchema(200).min(1) }));
