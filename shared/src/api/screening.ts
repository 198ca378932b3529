/**
 * Door-to-door screening, places, one file per person (duplicates, merge) and the cross-match of
 * police / health / rail lists with the registry (imports, rows, registration tasks, the ledger).
 */
import * as z from 'zod';
import { registrationTaskIds } from '../domain/ids';
import { regionCodeSchema } from '../domain/region';
import { localDateSchema } from '../domain/time';
import { idSchema, nameSchema, pageOf, textSchema } from './common';
import { createHouseholdResponseSchema, personSchema } from './households';

// Door-to-door screening (入户排查)

export const visitOutcomeSchema = z.enum(['present', 'absent', 'refused']);
export type VisitOutcome = z.infer<typeof visitOutcomeSchema>;

export const recordVisitRequestSchema = z.lazy(() =>
  z.strictObject({
    outcome: visitOutcomeSchema,
    note: textSchema(200).optional(),
    /** Members seen at the door (present visits); each must belong to the household. */
    personIdsSeen: z.array(idSchema).max(20).optional(),
  }),
);
export type RecordVisitRequest = z.infer<typeof recordVisitRequestSchema>;

export const visitSchema = z.object({
  visitId: z.string(),
  householdId: z.string(),
  gridCode: z.string(),
  /** The Asia/Shanghai day the household counts as screened. */
  date: z.string(),
  outcome: visitOutcomeSchema,
  note: z.string().nullable(),
  personIdsSeen: z.array(z.string()),
  visitedBy: z.string(),
  visitedAt: z.string(),
});
export type Visit = z.infer<typeof visitSchema>;

export const screeningDayQuerySchema = z.lazy(() => z.strictObject({ date: localDateSchema.optional() }));

export const screenedHouseholdSchema = z.lazy(() =>
  z.object({
    householdId: z.string(),
    address: z.string(),
    outcome: visitOutcomeSchema,
    visitedAt: z.string(),
    visitedBy: z.string(),
    visits: z.number().int(),
  }),
);

export const gridScreeningDaySchema = z.lazy(() =>
  z.object({
    gridCode: z.string(),
    date: z.string(),
    counts: z.object({ present: z.number().int(), absent: z.number().int(), refused: z.number().int() }),
    households: z.array(screenedHouseholdSchema),
  }),
);

// Places in (dedicated) grids: shops, workplaces

export const placeKindSchema = z.enum(['shop', 'workplace', 'school', 'market', 'other']);

export const createPlaceRequestSchema = z.lazy(() =>
  z.strictObject({
    name: nameSchema(60),
    kind: placeKindSchema,
    address: textSchema(200).min(2),
    staffCount: z.number().int().min(0).max(100_000),
  }),
);

export const placeScreeningRequestSchema = z.lazy(() =>
  z.strictObject({
    staffPresent: z.number().int().min(0).max(100_000),
    staffScreened: z.number().int().min(0).max(100_000),
    /** People with fever or symptoms found at the visit. */
    abnormal: z.number().int().min(0).max(100_000).default(0),
    note: textSchema(200).optional(),
  }),
);

export const placeScreeningSchema = z.object({
  placeId: z.string(),
  date: z.string(),
  staffPresent: z.number().int(),
  staffScreened: z.number().int(),
  abnormal: z.number().int(),
  note: z.string().nullable(),
  screenedBy: z.string(),
  screenedAt: z.string(),
});

export const placeSchema = z.object({
  placeId: z.string(),
  gridCode: z.string(),
  gridKind: z.enum(['basic', 'dedicated']),
  name: z.string(),
  kind: placeKindSchema,
  address: z.string(),
  staffCount: z.number().int(),
  lastScreening: placeScreeningSchema.nullable(),
  createdAt: z.string(),
});
export const placeListSchema = z.lazy(() => z.object({ items: z.array(placeSchema) }));
export const placeParamsSchema = z.lazy(() => z.strictObject({ placeId: idSchema }));

// One file per person

export const duplicateReasonSchema = z.enum(['id_number', 'phone', 'name_birth_date']);

/** A person registered elsewhere who is likely the same one: a warning, never a refusal. */
export const duplicateWarningSchema = z.lazy(() =>
  z.object({
    /** Index of the member in the request. */
    memberIndex: z.number().int(),
    personId: z.string(),
    reason: duplicateReasonSchema,
    existingPersonId: z.string(),
    existingGridCode: z.string(),
  }),
);
export type DuplicateWarning = z.infer<typeof duplicateWarningSchema>;

export const mergePersonsRequestSchema = z.lazy(() =>
  z.strictObject({
    /** The person that stays; the one in the path is absorbed into it. */
    intoPersonId: idSchema,
    note: textSchema(200).min(1),
  }),
);

export const personMergeSchema = z.lazy(() =>
  z.object({
    survivorId: z.string(),
    absorbedId: z.string(),
    mergedBy: z.string(),
    mergedAt: z.string(),
    note: z.string(),
  }),
);

export const mergePersonsResponseSchema = z.lazy(() =>
  z.object({
    survivor: personSchema,
    merge: personMergeSchema,
  }),
);

export const personFileSchema = z.lazy(() =>
  z.object({
    person: personSchema,
    /** Set when the id asked for was absorbed into this person. */
    resolvedFrom: z.string().nullable(),
    /** Persons merged into this one; their records stay under their own ids and are listed here. */
    mergedFrom: z.array(z.string()),
    merges: z.array(personMergeSchema),
    healthReports: z.array(
      z.object({ personId: z.string(), date: z.string(), slot: z.string(), temperature: z.number() }),
    ),
    travelDeclarations: z.array(
      z.object({
        personId: z.string(),
        originCode: z.string(),
        arrivedOn: z.string(),
        createdAt: z.string(),
      }),
    ),
  }),
);

// Cross-match imports

export const importSourceSchema = z.enum(['police', 'health', 'rail']);
export const importEncodingSchema = z.enum(['auto', 'utf-8', 'gbk']);
export const importFieldSchema = z.enum(['name', 'idNumber', 'phone', 'origin', 'arrivalDate', 'address']);
export type ImportField = z.infer<typeof importFieldSchema>;

/** A header text as written in the file, or a 1-based column number. */
export const columnRefSchema = z.union([textSchema(40).min(1), z.number().int().min(1).max(200)]);
export const columnMapSchema = z.partialRecord(importFieldSchema, columnRefSchema);
export type ColumnMap = z.infer<typeof columnMapSchema>;

/**
 * Base64 of the file (or of one part of it). API Gateway and Lambda take at most 6 MB per request,
 * so one request carries at most 5.6 MB of base64 (about 4.2 MB of file). Larger lists are uploaded
 * in parts: create the import without content, PUT each part, then start it.
 */
export const MAX_IMPORT_BASE64_CHARS = 5_600_000;
/** A whole list uploaded in parts: about 300,000 rows of CSV. */
export const MAX_IMPORT_BYTES = 32 * 1024 * 1024;
export const MAX_IMPORT_PARTS = 64;

export const createImportRequestSchema = z.lazy(() =>
  z.strictObject({
    filename: textSchema(120).min(1),
    /** The whole file; left out, the import waits for its parts (PUT …/parts/{n}, then POST …/start). */
    contentBase64: z.string().max(MAX_IMPORT_BASE64_CHARS, 'IMPORT_FILE_TOO_LARGE').optional(),
    encoding: importEncodingSchema.default('auto'),
    source: importSourceSchema,
    columnMap: columnMapSchema.optional(),
    /** The region whose queue takes rows no address routes; defaults to the caller's first scope. */
    regionCode: regionCodeSchema.optional(),
    /** Rows per processing chunk (one checkpoint each). */
    chunkRows: z.number().int().min(10).max(200).default(200),
  }),
);
export type CreateImportRequest = z.infer<typeof createImportRequestSchema>;

export const importPartParamsSchema = z.lazy(() =>
  z.strictObject({
    importId: idSchema,
    partNumber: z.coerce.number().int().min(1).max(MAX_IMPORT_PARTS),
  }),
);

/** One part: a byte range of the file, in order of part number (parts are joined byte for byte). */
export const putImportPartRequestSchema = z.lazy(() =>
  z.strictObject({
    contentBase64: z.string().min(1).max(MAX_IMPORT_BASE64_CHARS, 'IMPORT_FILE_TOO_LARGE'),
  }),
);

export const importPartSchema = z.lazy(() =>
  z.object({
    importId: z.string(),
    partNumber: z.number().int(),
    bytes: z.number().int(),
    /** Hex SHA-256 of the part's bytes: the same part sent again is recognised. */
    sha256: z.string(),
  }),
);
export type ImportPart = z.infer<typeof importPartSchema>;

export const startImportRequestSchema = z.lazy(() =>
  z.strictObject({
    /** How many parts make the file (1…parts must all be there). */
    parts: z.number().int().min(1).max(MAX_IMPORT_PARTS),
  }),
);

export const reparseImportRequestSchema = z.lazy(() =>
  z.strictObject({
    encoding: importEncodingSchema.optional(),
    columnMap: columnMapSchema,
  }),
);

export const importStatusSchema = z.enum(['uploading', 'received', 'processing', 'completed', 'failed']);

/** Why a whole file could not be read; the upload is kept and can be parsed again. */
export const importFailureCodeSchema = z.enum([
  'IMPORT_ENCODING_UNKNOWN',
  'IMPORT_FORMAT_UNSUPPORTED',
  'IMPORT_FILE_UNREADABLE',
  'IMPORT_COLUMNS_MISSING',
  'IMPORT_NO_ROWS',
  /** Left uploading for a day: its parts were deleted. */
  'IMPORT_UPLOAD_EXPIRED',
]);

/** Problems of one row; a row with some of them may still be matched or routed. */
export const rowIssueCodeSchema = z.enum([
  'NAME_MISSING',
  'IDENTITY_MISSING',
  'ID_NUMBER_INVALID',
  'PHONE_INVALID',
  'DATE_INVALID',
  'DATE_IN_FUTURE',
  'DUPLICATE_ROW',
  'ADDRESS_UNROUTABLE',
]);
export type RowIssueCode = z.infer<typeof rowIssueCodeSchema>;

export const rowOutcomeSchema = z.enum(['matched', 'routed', 'queued', 'invalid', 'duplicate']);
export type RowOutcome = z.infer<typeof rowOutcomeSchema>;

export const matchRuleSchema = z.enum(['id_number', 'phone', 'name_birth_date']);

export const ledgerCountsSchema = z.object({
  total: z.number().int(),
  matched: z.number().int(),
  routed: z.number().int(),
  queued: z.number().int(),
  invalid: z.number().int(),
  duplicate: z.number().int(),
  located: z.number().int(),
  /** Valid, distinct rows not located yet. */
  unlocated: z.number().int(),
  /** Mean minutes from the import to each task's closing; null before any closed. */
  avgMinutesToLocate: z.number().nullable(),
});
export type LedgerCounts = z.infer<typeof ledgerCountsSchema>;

export const ledgerRegionSchema = ledgerCountsSchema.extend({
  regionCode: z.string(),
  name: z.string(),
  level: z.enum(['city', 'county', 'township']),
});

export const importSchema = z.lazy(() =>
  z.object({
    importId: z.string(),
    source: importSourceSchema,
    filename: z.string(),
    format: z.enum(['csv', 'xlsx', 'unknown']),
    encoding: z.string().nullable(),
    regionCode: z.string(),
    status: importStatusSchema,
    failure: z.object({ code: importFailureCodeSchema, details: z.unknown().optional() }).nullable(),
    /** Header → field, as found or mapped. */
    columns: z.partialRecord(importFieldSchema, z.string()),
    bytes: z.number().int(),
    /** Parts received so far (uploads in parts only; an upload in one request has none). */
    parts: z.array(z.object({ partNumber: z.number().int(), bytes: z.number().int() })),
    totalRows: z.number().int().nullable(),
    processedRows: z.number().int(),
    chunkRows: z.number().int(),
    chunks: z.number().int().nullable(),
    nextChunk: z.number().int(),
    createdAt: z.string(),
    createdBy: z.string(),
    completedAt: z.string().nullable(),
    ledger: z.object({ totals: ledgerCountsSchema, regions: z.array(ledgerRegionSchema) }),
  }),
);
export type Import = z.infer<typeof importSchema>;

export const importParamsSchema = z.lazy(() =>
  z.strictObject({
    importId: idSchema,
  }),
);

export const importRowsQuerySchema = z.lazy(() =>
  z.strictObject({
    outcome: rowOutcomeSchema.optional(),
    cursor: z.string().max(512).optional(),
    limit: z.coerce.number().int().min(1).max(200).default(50),
  }),
);

export const rowStatusSchema = z.enum(['none', 'open', 'located']);

export const importRowSchema = z.object({
  taskId: z.string(),
  importId: z.string(),
  rowNumber: z.number().int(),
  name: z.string(),
  idNumberMasked: z.string().nullable(),
  phoneMasked: z.string().nullable(),
  birthDate: z.string().nullable(),
  origin: z.string().nullable(),
  arrivalDate: z.string().nullable(),
  address: z.string().nullable(),
  outcome: rowOutcomeSchema,
  issues: z.array(z.object({ code: rowIssueCodeSchema, detail: z.string().optional() })),
  match: z
    .object({ rule: matchRuleSchema, confidence: z.number(), personId: z.string(), gridCode: z.string() })
    .nullable(),
  /** Where an unmatched row went: a grid, or a street / district / city centre's queue. */
  route: z
    .object({
      level: z.enum(['grid', 'township', 'county', 'city']),
      code: z.string(),
      matchedName: z.string().nullable(),
    })
    .nullable(),
  duplicateOf: z.number().int().nullable(),
  status: rowStatusSchema,
  locatedPersonId: z.string().nullable(),
  locatedBy: z.string().nullable(),
  locatedAt: z.string().nullable(),
  createdAt: z.string(),
});
export type ImportRow = z.infer<typeof importRowSchema>;
export const importRowPageSchema = pageOf(importRowSchema);

// Registration tasks (routed rows) and centre queues

export const registrationTaskParamsSchema = z.lazy(() =>
  z.strictObject({
    taskId: registrationTaskIds.schema,
  }),
);
/** A task's arrival with the full phone: the one-tap call (every read recorded on the task). */
export const registrationTaskContactSchema = z.lazy(() =>
  z.object({
    taskId: z.string(),
    name: z.string(),
    phone: z.string().nullable(),
  }),
);
export type RegistrationTaskContact = z.infer<typeof registrationTaskContactSchema>;

export const registrationTaskQuerySchema = z.lazy(() =>
  z.strictObject({
    cursor: z.string().max(512).optional(),
    limit: z.coerce.number().int().min(1).max(100).default(50),
  }),
);
export const queueRegionParamsSchema = z.lazy(() => z.strictObject({ regionCode: regionCodeSchema }));
export const linkTaskRequestSchema = z.lazy(() => z.strictObject({ personId: idSchema }));
export const assignTaskRequestSchema = z.lazy(() =>
  z.strictObject({
    gridCode: z.string().regex(/^\d{15}$/, 'GRID_CODE_INVALID'),
  }),
);

/** A gridworker adding a member hears of likely duplicates elsewhere, as when registering a household. */
export const addMemberResponseSchema = personSchema.extend({
  duplicateWarnings: z.array(duplicateWarningSchema).optional(),
});

/** A gridworker registering a household hears of likely duplicates elsewhere (staff only). */
export const createHouseholdWithWarningsResponseSchema = createHouseholdResponseSchema.extend({
  duplicateWarnings: z.array(duplicateWarningSchema).optional(),
});
