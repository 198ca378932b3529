/** Regions and grids, staff assignment, household moves, notices down the hierarchy, daily reports. */
import * as z from 'zod';
import { gridCodeSchema } from '../domain/region';
import { localDateSchema } from '../domain/time';
import { idSchema, nameSchema, pageQuerySchema, textSchema } from './common';
import { staffSchema } from './staff';

export const regionLevelSchema = z.enum(['province', 'city', 'county', 'township', 'village', 'grid']);
export type RegionLevelName = z.infer<typeof regionLevelSchema>;

/** A city, district/county, township/street, village/community or grid code. */
const scopeCodeSchema = z.string().regex(/^(\d{4}|\d{6}|\d{9}|\d{12}|\d{15})$/, 'REGION_CODE_INVALID');

export const importRegionsRequestSchema = z.lazy(() =>
  z.strictObject({
    cityCode: z.string().regex(/^\d{4}$/, 'REGION_CODE_INVALID'),
  }),
);

const importCountsSchema = z.object({
  /** Rows of this level in the city's data. */
  total: z.number().int(),
  /** Written by this import (new, or renamed since the last one); 0 on a re-import. */
  written: z.number().int(),
});

export const importRegionsResponseSchema = z.lazy(() =>
  z.object({
    cityCode: z.string(),
    levels: z.object({
      city: importCountsSchema,
      county: importCountsSchema,
      township: importCountsSchema,
      village: importCountsSchema,
    }),
  }),
);
export type ImportRegionsResponse = z.infer<typeof importRegionsResponseSchema>;

export const regionParamsSchema = z.lazy(() => z.strictObject({ code: scopeCodeSchema }));

export const regionChildSchema = z.lazy(() =>
  z.object({
    code: z.string(),
    name: z.string(),
    level: regionLevelSchema,
    /** The child’s figures from the live statistics; null while not available or when the child lies above the caller’s scope. */
    counts: z.record(z.string(), z.number()).nullable(),
  }),
);
export type RegionChild = z.infer<typeof regionChildSchema>;

export const regionChildrenSchema = z.lazy(() =>
  z.object({
    code: z.string(),
    name: z.string(),
    level: regionLevelSchema,
    parentCode: z.string().nullable(),
    /** False when the region is an ancestor of the caller's scope: only the way down to it is listed. */
    inScope: z.boolean(),
    children: z.array(regionChildSchema),
  }),
);
export type RegionChildren = z.infer<typeof regionChildrenSchema>;

export const DEDICATED_KINDS = ['enterprise', 'school', 'estate', 'market', 'other'] as const;
export const gridKindSchema = z.enum(['basic', 'dedicated']);
export const dedicatedKindSchema = z.enum(DEDICATED_KINDS);
export type DedicatedKind = z.infer<typeof dedicatedKindSchema>;

export const createGridRequestSchema = z
  .strictObject({
    /** The village/community (12 digits) the grid belongs to. */
    villageCode: z.string().regex(/^\d+$/, 'REGION_CODE_INVALID'),
    kind: gridKindSchema,
    /** Required for a dedicated grid (专属网格), absent for a basic one. */
    dedicatedKind: dedicatedKindSchema.optional(),
    name: nameSchema(40),
    /** The grid's 3-digit sequence in its village, 1–999; the next free one when absent. */
    sequence: z.number().int().min(1).max(999).optional(),
    /** What the grid covers: estates, buildings, streets (cross-match rows naming one go to it). */
    covers: z.array(nameSchema(40)).max(50).optional(),
  })
  .refine((b) => (b.kind === 'dedicated') === (b.dedicatedKind !== undefined), {
    message: 'DEDICATED_KIND_MISMATCH',
    path: ['dedicatedKind'],
  });
export type CreateGridRequest = z.infer<typeof createGridRequestSchema>;

export const gridSchema = z.lazy(() =>
  z.object({
    gridCode: z.string(),
    name: z.string(),
    kind: gridKindSchema,
    dedicatedKind: dedicatedKindSchema.nullable(),
    villageCode: z.string(),
    /** What the grid covers (estates, buildings, streets); empty when it covers the rest. */
    covers: z.array(z.string()),
    createdAt: z.string(),
  }),
);
export type Grid = z.infer<typeof gridSchema>;

export const gridCoversRequestSchema = z.lazy(() =>
  z.strictObject({ covers: z.array(nameSchema(40)).max(50) }),
);

export const gridStaffRequestSchema = z.lazy(() => z.strictObject({ userId: idSchema }));
export const gridStaffParamsSchema = z.lazy(() =>
  z.strictObject({ gridCode: gridCodeSchema, userId: idSchema }),
);
/** The staff member after the change; its new scopes reach its token at its next sign-in. */
export const gridStaffResponseSchema = staffSchema;

export const moveHouseholdRequestSchema = z.lazy(() =>
  z.strictObject({
    gridCode: gridCodeSchema,
    /** The household version read; a stale one answers 409 VERSION_CONFLICT. */
    version: z.number().int().min(1).optional(),
  }),
);
export type MoveHouseholdRequest = z.infer<typeof moveHouseholdRequestSchema>;

export const moveHouseholdResponseSchema = z.lazy(() =>
  z.object({
    householdId: z.string(),
    fromGridCode: z.string(),
    gridCode: z.string(),
    version: z.number().int(),
    personIds: z.array(z.string()),
    /** Active quarantines that moved with their persons. */
    quarantineIds: z.array(z.string()),
  }),
);
export type MoveHouseholdResponse = z.infer<typeof moveHouseholdResponseSchema>;

export const createNoticeRequestSchema = z.lazy(() =>
  z.strictObject({
    title: textSchema(60).min(1),
    body: z.string().trim().min(1).max(2000),
    /** The time by which gridworkers should have done what the notice asks (ISO 8601). */
    deadline: z.iso.datetime({ offset: true }).optional(),
    ackRequired: z.boolean(),
    /** A region or grid code within the publisher's scope: every gridworker under it receives the notice. */
    scope: scopeCodeSchema,
  }),
);
export type CreateNoticeRequest = z.infer<typeof createNoticeRequestSchema>;

export const noticeSchema = z.object({
  noticeId: z.string(),
  title: z.string(),
  body: z.string(),
  deadline: z.string().nullable(),
  ackRequired: z.boolean(),
  scope: z.string(),
  publishedBy: z.string(),
  publisherName: z.string(),
  createdAt: z.string(),
  recipients: z.number().int(),
});
export type Notice = z.infer<typeof noticeSchema>;

export const noticeParamsSchema = z.lazy(() => z.strictObject({ noticeId: idSchema }));

export const inboxEntrySchema = z.object({
  noticeId: z.string(),
  title: z.string(),
  body: z.string(),
  deadline: z.string().nullable(),
  ackRequired: z.boolean(),
  publisherName: z.string(),
  createdAt: z.string(),
  acknowledgedAt: z.string().nullable(),
});
export type InboxEntry = z.infer<typeof inboxEntrySchema>;

export const inboxQuerySchema = pageQuerySchema;
export const inboxPageSchema = z.lazy(() =>
  z.object({
    items: z.array(inboxEntrySchema),
    nextCursor: z.string().nullable(),
  }),
);

const ackCountsSchema = z.object({ recipients: z.number().int(), acknowledged: z.number().int() });

export const noticeAcksSchema = z.lazy(() =>
  z.object({
    noticeId: z.string(),
    scope: z.string(),
    ackRequired: z.boolean(),
    totals: ackCountsSchema,
    /**
     * Per child region of the notice's scope. A gridworker with grids in two children counts in
     * both; the totals count each gridworker once.
     */
    byChild: z.array(ackCountsSchema.extend({ code: z.string(), name: z.string() })),
    /** Who has not acknowledged yet. */
    pending: z.array(z.object({ userId: z.string(), name: z.string(), gridCodes: z.array(z.string()) })),
  }),
);
export type NoticeAcks = z.infer<typeof noticeAcksSchema>;

export const dailyReportQuerySchema = z.lazy(() =>
  z.strictObject({
    /** A city, district/county, township/street or village/community code. */
    scope: z.string().regex(/^(\d{4}|\d{6}|\d{9}|\d{12})$/, 'REGION_CODE_INVALID'),
    date: localDateSchema,
  }),
);
export type DailyReportQuery = z.infer<typeof dailyReportQuerySchema>;

export const XLSX_CONTENT_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/** The workbook itself (binary, sent base64 through API Gateway). */
export const dailyReportFileSchema = z
  .string()
  .meta({ contentMediaType: XLSX_CONTENT_TYPE, description: 'xlsx workbook' });

/** Column headings of the daily report's summary sheet, by statistics metric. */
export const REPORT_METRIC_LABELS: Readonly<Record<string, string>> = {
  healthReports: '健康打卡',
  fevers: '发热人数',
  verified: '已核实',
  travelDeclarations: '行程申报',
  riskFlagged: '涉风险地区',
  quarantinesStarted: '新增隔离',
  quarantinesReleased: '解除隔离',
  bothChecksDone: '两次检测完成',
  alertsRaised: '新增预警',
  missedChecks: '漏检',
  supplyDelivered: '物资送达',
  householdsScreened: '已排查户数',
  checkpointAdmitted: '卡口放行',
  checkpointVisitors: '卡口登记访客',
  checkpointTurnedBack: '卡口劝返人数',
  checkpointVehiclesAdmitted: '卡口放行车辆',
  checkpointVehiclesTurnedBack: '卡口劝返车辆',
  checkpointPassesGreen: '卡口验码绿码',
  checkpointPassesYellow: '卡口验码黄码',
  checkpointPassesRed: '卡口验码红码',
  households: '登记户数',
  pendingHealth: '待核实打卡',
  pendingTravel: '待核实申报',
  quarantinedNow: '在管隔离人数',
  openAlerts: '未解决预警',
  supplyOpen: '待办物资需求',
};
