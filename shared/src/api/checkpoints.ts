/**
 * Village checkpoints (劝返站): the checkpoint, its duty roster (shifts with sign-in/out) and its
 * entry log, and the figures counted from that log. `entryFigures` is the one rule that turns an
 * entry into counts: the server's counters and every recount use it.
 */
import * as z from 'zod';
import { plateSchema } from '../domain/plate';
import { levelOf } from '../domain/region';
import { DEFAULT_FEVER_THRESHOLD, isFever, temperatureSchema } from '../domain/temperature';
import { localDateSchema } from '../domain/time';
import { idSchema, nameSchema, pageOf, pageQuerySchema, textSchema } from './common';
import type { FlowMetric } from './stats';

export const checkpointKindSchema = z.enum(['village_entrance', 'estate_gate', 'road']);
export type CheckpointKind = z.infer<typeof checkpointKindSchema>;

export const CHECKPOINT_KIND_LABELS: Readonly<Record<CheckpointKind, string>> = {
  village_entrance: '村口',
  estate_gate: '小区门岗',
  road: '道路卡口',
};

const hhmmSchema = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'TIME_INVALID');

/** Opening hours in Shanghai time; closes before opens runs over midnight, equal means all day. */
export const checkpointHoursSchema = z.strictObject({ opens: hhmmSchema, closes: hhmmSchema });

/** A checkpoint belongs to a village/community (12 digits) or a dedicated grid (15 digits). */
export const checkpointRegionSchema = z
  .string({ error: 'CHECKPOINT_REGION_INVALID' })
  .refine((c) => levelOf(c) === 'village' || levelOf(c) === 'grid', 'CHECKPOINT_REGION_INVALID');

export const createCheckpointRequestSchema = z.lazy(() =>
  z.strictObject({
    regionCode: checkpointRegionSchema,
    name: nameSchema(40),
    kind: checkpointKindSchema,
    hours: checkpointHoursSchema.default({ opens: '06:00', closes: '22:00' }),
  }),
);
export type CreateCheckpointRequest = z.infer<typeof createCheckpointRequestSchema>;

export const checkpointSchema = z.object({
  checkpointId: z.string(),
  regionCode: z.string(),
  /** The village/community the checkpoint guards: its residents pass, whoever else is a visitor. */
  villageCode: z.string(),
  name: z.string(),
  kind: checkpointKindSchema,
  hours: checkpointHoursSchema,
  createdAt: z.string(),
});
export type Checkpoint = z.infer<typeof checkpointSchema>;

export const checkpointListQuerySchema = z.lazy(() => z.strictObject({ regionCode: checkpointRegionSchema }));
export const checkpointListSchema = z.lazy(() => z.object({ items: z.array(checkpointSchema) }));
export const checkpointParamsSchema = z.lazy(() => z.strictObject({ checkpointId: idSchema }));

// ── Duty roster ─────────────────────────────────────────────────────────────────────────────

export const createShiftRequestSchema = z.lazy(() =>
  z.strictObject({
    /** A gridworker or volunteer whose grids lie in the checkpoint's village (or a staff in scope). */
    staffId: idSchema,
    date: localDateSchema,
    starts: hhmmSchema,
    /** Before `starts`: the shift runs over midnight into the next day. */
    ends: hhmmSchema,
  }),
);
export type CreateShiftRequest = z.infer<typeof createShiftRequestSchema>;

export const shiftStatusSchema = z.enum(['assigned', 'on_duty', 'done']);
export type ShiftStatus = z.infer<typeof shiftStatusSchema>;

export const shiftSchema = z.object({
  shiftId: z.string(),
  checkpointId: z.string(),
  checkpointName: z.string(),
  staffId: z.string(),
  staffName: z.string(),
  date: z.string(),
  starts: z.string(),
  ends: z.string(),
  status: shiftStatusSchema,
  signedInAt: z.string().nullable(),
  signedOutAt: z.string().nullable(),
});
export type Shift = z.infer<typeof shiftSchema>;
export const shiftListSchema = z.lazy(() => z.object({ items: z.array(shiftSchema) }));
export const shiftParamsSchema = z.lazy(() => z.strictObject({ shiftId: idSchema }));
export const rosterQuerySchema = z.lazy(() => z.strictObject({ date: localDateSchema }));
const minutesOf = (hhmm: string) => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));

/**
 * Whether two shifts of one person overlap in time. A shift whose end is before its start runs over
 * midnight; equal start and end is a whole day. Touching ends (08:00–14:00, 14:00–22:00) do not overlap.
 */
export function shiftsOverlap(
  a: Pick<Shift, 'date' | 'starts' | 'ends'>,
  b: Pick<Shift, 'date' | 'starts' | 'ends'>,
): boolean {
  const span = (s: Pick<Shift, 'date' | 'starts' | 'ends'>) => {
    const start = Date.parse(`${s.date}T00:00:00Z`) / 60_000 + minutesOf(s.starts);
    const length = (minutesOf(s.ends) - minutesOf(s.starts) + 1440) % 1440 || 1440;
    return { start, end: start + length };
  };
  const x = span(a);
  const y = span(b);
  return x.start < y.end && y.start < x.end;
}

/** Someone an organiser may put on a checkpoint's roster: a gridworker or volunteer of its village (or grid). */
export const rosterStaffSchema = z.object({
  userId: z.string(),
  name: z.string(),
  role: z.enum(['gridworker', 'volunteer']),
});
export type RosterStaff = z.infer<typeof rosterStaffSchema>;
export const rosterStaffListSchema = z.lazy(() => z.object({ items: z.array(rosterStaffSchema) }));
export const myShiftsQuerySchema = z.lazy(() => z.strictObject({ from: localDateSchema.optional() }));

// ── Entry log ───────────────────────────────────────────────────────────────────────────────

export const turnBackReasonSchema = z.enum([
  'non_essential',
  'risk_area',
  'fever',
  'no_pass',
  'red_pass',
  'other',
]);
export type TurnBackReason = z.infer<typeof turnBackReasonSchema>;

export const TURN_BACK_REASON_LABELS: Readonly<Record<TurnBackReason, string>> = {
  non_essential: '非必要出行',
  risk_area: '来自风险地区',
  fever: '体温异常',
  no_pass: '无有效通行码',
  red_pass: '红码',
  other: '其他',
};

export const entryPassColourSchema = z.enum(['green', 'yellow', 'red']);
export type EntryPassColour = z.infer<typeof entryPassColourSchema>;

/** Who came: a resident of this village passes; an outsider is turned back or registered as a visitor. */
export const entryPersonSchema = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('resident') }),
  z
    .strictObject({
      kind: z.literal('turned_back'),
      reason: turnBackReasonSchema,
      note: textSchema(100).optional(),
    })
    .refine((p) => p.reason !== 'other' || (p.note ?? '') !== '', {
      message: 'TURN_BACK_REASON_REQUIRED',
      path: ['note'],
    }),
  z.strictObject({
    kind: z.literal('visitor'),
    name: nameSchema(30),
    /** The household visited, as the gate knows it: door number and householder, e.g. 3号楼2单元 王建国. */
    host: nameSchema(60),
    reason: nameSchema(100),
  }),
]);
export type EntryPerson = z.infer<typeof entryPersonSchema>;

/** A pass seen at the gate (its id, and the colour it verified as). */
export const scannedPassSchema = z.strictObject({
  passId: z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, 'PASS_ID_INVALID'),
  colour: entryPassColourSchema,
});

export const createEntryRequestSchema = z.lazy(() =>
  z.strictObject({
    direction: z.enum(['in', 'out']),
    /** When the gate saw it (a phone that queued the entry offline sends it). Defaults to the time received. */
    at: z.iso.datetime({ offset: true }).optional(),
    person: entryPersonSchema,
    pass: scannedPassSchema.optional(),
    plate: plateSchema.optional(),
    temperature: temperatureSchema.optional(),
  }),
);
export type CreateEntryRequest = z.input<typeof createEntryRequestSchema>;
export type EntryInput = z.output<typeof createEntryRequestSchema>;

export const entrySchema = z.object({
  entryId: z.string(),
  checkpointId: z.string(),
  date: z.string(),
  at: z.string(),
  direction: z.enum(['in', 'out']),
  person: entryPersonSchema,
  pass: scannedPassSchema.nullable(),
  plate: z.string().nullable(),
  temperature: z.number().nullable(),
  loggedBy: z.string(),
  loggedAt: z.string(),
});
export type Entry = z.infer<typeof entrySchema>;
export const entryPageSchema = pageOf(entrySchema);
export const entryListQuerySchema = pageQuerySchema.extend({ date: localDateSchema });

// ── Figures ─────────────────────────────────────────────────────────────────────────────────

export const CHECKPOINT_FIGURES = [
  'entries',
  'admitted',
  'residentsPassed',
  'visitorsAdmitted',
  'turnedBack',
  'departed',
  'vehiclesAdmitted',
  'vehiclesTurnedBack',
  'passGreen',
  'passYellow',
  'passRed',
  'fevers',
] as const;
export type CheckpointFigure = (typeof CHECKPOINT_FIGURES)[number];
export type CheckpointFigures = Record<CheckpointFigure, number>;

export function emptyCheckpointFigures(): CheckpointFigures {
  return Object.fromEntries(CHECKPOINT_FIGURES.map((f) => [f, 0])) as CheckpointFigures;
}

const PASS_FIGURE: Readonly<Record<EntryPassColour, CheckpointFigure>> = {
  green: 'passGreen',
  yellow: 'passYellow',
  red: 'passRed',
};

type CountedEntry = Pick<Entry, 'direction' | 'person' | 'pass' | 'plate' | 'temperature'>;

/** What one entry adds to its checkpoint's day: the only place that decides how entries count. */
export function entryFigures(entry: CountedEntry): CheckpointFigure[] {
  const figures: CheckpointFigure[] = ['entries'];
  const vehicle = entry.plate !== null && entry.plate !== undefined;
  if (entry.person.kind === 'turned_back') {
    figures.push('turnedBack');
    if (vehicle) figures.push('vehiclesTurnedBack');
  } else if (entry.direction === 'out') {
    figures.push('departed');
  } else {
    figures.push('admitted', entry.person.kind === 'resident' ? 'residentsPassed' : 'visitorsAdmitted');
    if (vehicle) figures.push('vehiclesAdmitted');
  }
  if (entry.pass) figures.push(PASS_FIGURE[entry.pass.colour]);
  if (typeof entry.temperature === 'number' && isFever(entry.temperature, DEFAULT_FEVER_THRESHOLD)) {
    figures.push('fevers');
  }
  return figures;
}

/**
 * The checkpoint figures that flow into the statistics up to the city (per Shanghai day, rolled up
 * from the checkpoint's village or grid); the rest stay on the checkpoint.
 */
export const CHECKPOINT_FLOW_METRICS = {
  admitted: 'checkpointAdmitted',
  visitorsAdmitted: 'checkpointVisitors',
  turnedBack: 'checkpointTurnedBack',
  vehiclesAdmitted: 'checkpointVehiclesAdmitted',
  vehiclesTurnedBack: 'checkpointVehiclesTurnedBack',
  passGreen: 'checkpointPassesGreen',
  passYellow: 'checkpointPassesYellow',
  passRed: 'checkpointPassesRed',
} as const satisfies Partial<Record<CheckpointFigure, FlowMetric>>;

/** The statistics metrics one entry adds to its day. */
export function entryFlowMetrics(entry: CountedEntry): FlowMetric[] {
  const map: Partial<Record<CheckpointFigure, FlowMetric>> = CHECKPOINT_FLOW_METRICS;
  return entryFigures(entry).flatMap((f) => (map[f] ? [map[f]] : []));
}

/** Adds up entries the way the counters do: what a recount compares the counters with. */
export function countEntries(entries: readonly CountedEntry[]): CheckpointFigures {
  const totals = emptyCheckpointFigures();
  for (const entry of entries) for (const f of entryFigures(entry)) totals[f] += 1;
  return totals;
}

export const checkpointFiguresQuerySchema = z.lazy(() => z.strictObject({ date: localDateSchema }));
export const checkpointFiguresSchema = z.lazy(() =>
  z.object({
    checkpointId: z.string(),
    date: z.string(),
    figures: z.object(
      Object.fromEntries(CHECKPOINT_FIGURES.map((f) => [f, z.number().int()])) as Record<
        CheckpointFigure,
        z.ZodNumber
      >,
    ),
  }),
);
export type CheckpointFiguresAnswer = z.infer<typeof checkpointFiguresSchema>;
