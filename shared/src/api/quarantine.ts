import * as z from 'zod';
import { temperatureSchema } from '../domain/temperature';
import { localDateSchema } from '../domain/time';
import { idSchema, textSchema } from './common';
import { symptomSchema } from './health';

export const quarantineReasonSchema = z.enum(['risk_area_arrival', 'close_contact', 'other']);
export const quarantineStatusSchema = z.enum(['active', 'released', 'transferred']);
export const transferDestinationSchema = z.enum(['centralized', 'hospital']);

export const DEFAULT_QUARANTINE_DAYS = 14;

/** A person, or every member of a household, goes into home quarantine together. */
export const placeQuarantineRequestSchema = z
  .strictObject({
    personIds: z.array(idSchema).min(1).max(20).optional(),
    householdId: idSchema.optional(),
    startDate: localDateSchema.optional(),
    /** Defaults to 14 days after the start. */
    plannedEndDate: localDateSchema.optional(),
    reason: quarantineReasonSchema,
    reasonNote: textSchema(200).optional(),
  })
  .refine((b) => (b.personIds === undefined) !== (b.householdId === undefined), {
    message: 'PERSONS_OR_HOUSEHOLD',
  });
export type PlaceQuarantineRequest = z.infer<typeof placeQuarantineRequestSchema>;

export const quarantineParamsSchema = z.lazy(() => z.strictObject({ quarantineId: idSchema }));

export const extendQuarantineRequestSchema = z.lazy(() =>
  z.strictObject({
    plannedEndDate: localDateSchema,
    note: textSchema(200).optional(),
    version: z.number().int().min(1),
  }),
);
export const releaseQuarantineRequestSchema = z.lazy(() =>
  z.strictObject({
    note: textSchema(200).min(1),
    version: z.number().int().min(1),
  }),
);
export const transferQuarantineRequestSchema = z.lazy(() =>
  z.strictObject({
    to: transferDestinationSchema,
    note: textSchema(200).optional(),
    version: z.number().int().min(1),
  }),
);

export const quarantineEventSchema = z.lazy(() =>
  z.object({
    at: z.string(),
    by: z.string(),
    action: z.enum(['placed', 'extended', 'released', 'transferred']),
    plannedEndDate: z.string().optional(),
    to: transferDestinationSchema.optional(),
    note: z.string().optional(),
  }),
);

export const quarantineSchema = z.object({
  quarantineId: z.string(),
  personId: z.string(),
  householdId: z.string(),
  gridCode: z.string(),
  personName: z.string(),
  status: quarantineStatusSchema,
  reason: quarantineReasonSchema,
  reasonNote: z.string().nullable(),
  startDate: z.string(),
  plannedEndDate: z.string(),
  transferredTo: transferDestinationSchema.nullable(),
  history: z.array(quarantineEventSchema),
  version: z.number().int(),
});
export type Quarantine = z.infer<typeof quarantineSchema>;
export const quarantineListSchema = z.lazy(() => z.object({ items: z.array(quarantineSchema) }));

export const followUpMethodSchema = z.enum(['phone', 'door', 'wechat']);

/** A gridworker's call or visit: it satisfies the slot's check like a report does. */
export const createFollowUpRequestSchema = z.lazy(() =>
  z.strictObject({
    method: followUpMethodSchema,
    temperature: temperatureSchema,
    symptoms: z.array(symptomSchema).max(8).default([]),
    note: textSchema(200).optional(),
  }),
);
export type CreateFollowUpRequest = z.infer<typeof createFollowUpRequestSchema>;

export const followUpSchema = z.object({
  followUpId: z.string(),
  quarantineId: z.string(),
  personId: z.string(),
  date: z.string(),
  slot: z.enum(['morning', 'evening']),
  method: followUpMethodSchema,
  temperature: z.number(),
  fever: z.boolean(),
  symptoms: z.array(symptomSchema),
  note: z.string().nullable(),
  recordedAt: z.string(),
  recordedBy: z.string(),
});
export type FollowUp = z.infer<typeof followUpSchema>;

/** `not_required`: the slot's deadline passed before the quarantine began (placed that evening, or starting later). */
export const checkStatusSchema = z.enum(['done', 'due', 'overdue', 'not_required']);

export const boardEntrySchema = z.lazy(() =>
  z.object({
    quarantineId: z.string(),
    personId: z.string(),
    personName: z.string(),
    phoneMasked: z.string().nullable(),
    address: z.string(),
    morning: checkStatusSchema,
    evening: checkStatusSchema,
    lastTemperature: z.number().nullable(),
    /** The latest reading is a fever (by the server's threshold). */
    lastFever: z.boolean(),
    lastReportAt: z.string().nullable(),
    plannedEndDate: z.string(),
    /** Days until the planned end date (14 on the first day of a 14-day quarantine); 0 or less: due for release. */
    daysRemaining: z.number().int(),
  }),
);
export type BoardEntry = z.infer<typeof boardEntrySchema>;

export const quarantineBoardSchema = z.lazy(() =>
  z.object({
    gridCode: z.string(),
    date: z.string(),
    deadlines: z.object({ morning: z.string(), evening: z.string() }),
    items: z.array(boardEntrySchema),
  }),
);

export const alertKindSchema = z.enum(['FEVER', 'MISSED_CHECK']);
export const alertStatusSchema = z.enum(['open', 'acknowledged', 'resolved']);
export const alertLevelSchema = z.enum(['grid', 'street', 'district']);

export const alertSchema = z.object({
  alertId: z.string(),
  kind: alertKindSchema,
  status: alertStatusSchema,
  level: alertLevelSchema,
  gridCode: z.string(),
  personId: z.string(),
  personName: z.string(),
  quarantineId: z.string().nullable(),
  detail: z.object({
    date: z.string(),
    slot: z.enum(['morning', 'evening']),
    temperature: z.number().optional(),
    symptoms: z.array(symptomSchema).optional(),
  }),
  createdAt: z.string(),
  escalatedAt: z.string().nullable(),
  acknowledgedBy: z.string().nullable(),
  acknowledgedAt: z.string().nullable(),
  resolvedBy: z.string().nullable(),
  resolvedAt: z.string().nullable(),
  resolution: z.string().nullable(),
});
export type Alert = z.infer<typeof alertSchema>;

export const alertListQuerySchema = z.lazy(() =>
  z.strictObject({
    /** A grid, street or district code within the caller's scope. */
    scope: z.string().regex(/^(\d{6}|\d{9}|\d{15})$/, 'REGION_CODE_INVALID'),
    status: alertStatusSchema.default('open'),
    cursor: z.string().max(512).optional(),
    limit: z.coerce.number().int().min(1).max(50).default(20),
  }),
);

export const alertListSchema = z.lazy(() =>
  z.object({
    items: z.array(alertSchema),
    nextCursor: z.string().nullable(),
    counts: z.object({ open: z.number().int(), acknowledged: z.number().int() }),
  }),
);

export const alertParamsSchema = z.lazy(() =>
  z.strictObject({
    alertId: z.string().regex(/^[FM]\.[0-9A-Z]{26}\.\d{8}\.[me](\.[A-Za-z0-9_-]{1,64})?$/),
  }),
);
export const resolveAlertRequestSchema = z.lazy(() => z.strictObject({ note: textSchema(200).min(1) }));

/**
 * An open alert escalated to a street or district centre that none of the centre's staff could be
 * sent a WeChat message about (no grant, or no staff bound): the centre's task list carries it.
 */
export const regionTaskSchema = z.object({
  taskId: z.string(),
  kind: z.literal('ALERT_ESCALATED'),
  /** The street (9 digits) or district (6 digits) the alert reached. */
  regionCode: z.string(),
  alertId: z.string(),
  alertKind: alertKindSchema,
  level: z.enum(['street', 'district']),
  gridCode: z.string(),
  personName: z.string(),
  createdAt: z.string(),
});
export type RegionTask = z.infer<typeof regionTaskSchema>;
/** A centre's open tasks: an alert once resolved leaves its centre's list. */
export const regionTaskListSchema = z.lazy(() =>
  z.object({
    items: z.array(regionTaskSchema),
    nextCursor: z.string().nullable(),
  }),
);
export const regionTaskListQuerySchema = z.lazy(() =>
  z.strictObject({
    cursor: z.string().max(512).optional(),
    limit: z.coerce.number().int().min(1).max(50).default(20),
  }),
);
