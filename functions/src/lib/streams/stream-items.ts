/**
 * Zod schemas of the items the stream consumers handle. The dispatcher parses every image with its
 * item's schema before a consumer sees it; an image that fails is a failure of its record alone.
 * The schemas check the fields consumers rely on and let the rest through (loose objects), so a
 * field added to an item later breaks no consumer.
 */
import { entrySchema, symptomSchema } from '@grid/shared';
import * as z from 'zod';
import { statsJournalItemSchema } from '../../contexts/hierarchy/entities/stats';
import { householdItemSchema } from '../../contexts/households/entities/household';
import { personItemSchema } from '../../contexts/households/entities/person';
import { alertItemSchema } from '../../contexts/quarantine/entities/alert';
import { followUpItemSchema } from '../../contexts/quarantine/entities/follow-up';
import { quarantineItemSchema } from '../../contexts/quarantine/entities/quarantine';
import { importItemSchema } from '../../contexts/screening/entities/import';
import { screenedDayItemSchema } from '../../contexts/screening/entities/screened-day';
import { supplyRequestItemSchema } from '../../contexts/supply/entities/supply-request';

const slot = z.enum(['morning', 'evening']);
const verification = z.looseObject({ status: z.string() });

/** What a health report and a follow-up share: enough to mark a check and raise a fever alert. */
const checkSource = {
  personId: z.string(),
  personName: z.string(),
  gridCode: z.string(),
  date: z.string(),
  slot,
  temperature: z.number(),
  fever: z.boolean(),
  symptoms: z.array(symptomSchema),
};

export const streamItemSchemas = {
  // Health reports and travel declarations stay partial here (not the reporting entity schemas):
  // the stats and dispatcher tests and the faults test redeliver hand-built images holding only
  // the fields the consumers read, and a full parse would refuse them.
  HEALTH_REPORT: z.looseObject({
    type: z.literal('HEALTH_REPORT'),
    ...checkSource,
    quarantineId: z.string().nullable(),
    reportedAt: z.string(),
    verification,
  }),
  FOLLOW_UP: followUpItemSchema,
  TRAVEL_DECLARATION: z.looseObject({
    type: z.literal('TRAVEL_DECLARATION'),
    gridCode: z.string(),
    verification,
  }),
  ALERT: alertItemSchema,
  PERSON: personItemSchema.extend({ type: z.literal('PERSON') }).loose(),
  HOUSEHOLD: householdItemSchema.extend({ type: z.literal('HOUSEHOLD') }).loose(),
  QUARANTINE: quarantineItemSchema,
  SUPPLY_REQUEST: supplyRequestItemSchema,
  SCREENED_DAY: screenedDayItemSchema,
  STATS_JOURNAL: statsJournalItemSchema,
  /** A checkpoint's entry (contexts/checkpoints): what the statistics count of it. */
  CHECKPOINT_ENTRY: entrySchema
    .pick({ date: true, direction: true, person: true, pass: true, plate: true, temperature: true })
    .extend({ type: z.literal('CHECKPOINT_ENTRY'), regionCode: z.string().regex(/^\d{12}(\d{3})?$/) })
    .loose(),
  XM_IMPORT: importItemSchema,
} as const;

export type StreamItemType = keyof typeof streamItemSchemas;
export type StreamItemOf<K extends StreamItemType> = z.output<(typeof streamItemSchemas)[K]>;

export function isStreamItemType(type: string): type is StreamItemType {
  return Object.hasOwn(streamItemSchemas, type);
}
