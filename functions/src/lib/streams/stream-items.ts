/**
 * Zod schemas of the items the stream consumers handle. The dispatcher parses every image with its
 * item's schema before a consumer sees it; an image that fails is a failure of its record alone.
 * The schemas check the fields consumers rely on and let the rest through (loose objects), so a
 * field added to an item later breaks no consumer.
 */
import { alertSchema, supplyStatusSchema, symptomSchema } from '@grid/shared';
import * as z from 'zod';
import { householdItemSchema } from '../../contexts/households/entities/household';
import { personItemSchema } from '../../contexts/households/entities/person';

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
  HEALTH_REPORT: z.looseObject({
    type: z.literal('HEALTH_REPORT'),
    ...checkSource,
    quarantineId: z.string().nullable(),
    reportedAt: z.string(),
    verification,
  }),
  FOLLOW_UP: z.looseObject({
    type: z.literal('FOLLOW_UP'),
    ...checkSource,
    quarantineId: z.string(),
    recordedAt: z.string(),
  }),
  TRAVEL_DECLARATION: z.looseObject({
    type: z.literal('TRAVEL_DECLARATION'),
    gridCode: z.string(),
    verification,
  }),
  ALERT: alertSchema.extend({ type: z.literal('ALERT') }).loose(),
  PERSON: personItemSchema.extend({ type: z.literal('PERSON') }).loose(),
  HOUSEHOLD: householdItemSchema.extend({ type: z.literal('HOUSEHOLD') }).loose(),
  QUARANTINE: z.looseObject({
    type: z.literal('QUARANTINE'),
    quarantineId: z.string(),
    gridCode: z.string(),
    status: z.string(),
  }),
  SUPPLY_REQUEST: z.looseObject({
    type: z.literal('SUPPLY_REQUEST'),
    requestId: z.string(),
    householdId: z.string(),
    gridCode: z.string(),
    status: supplyStatusSchema,
  }),
  SCREENED_DAY: z.looseObject({ type: z.literal('SCREENED_DAY'), gridCode: z.string(), date: z.string() }),
  STATS_JOURNAL: z.looseObject({
    type: z.literal('STATS_JOURNAL'),
    pk: z.string().startsWith('STATSJ#'),
    counters: z.array(z.looseObject({ code: z.string() })),
  }),
  XM_IMPORT: z.looseObject({
    type: z.literal('XM_IMPORT'),
    importId: z.string(),
    status: z.enum(['uploading', 'received', 'processing', 'completed', 'failed']),
  }),
} as const;

export type StreamItemType = keyof typeof streamItemSchemas;
export type StreamItemOf<K extends StreamItemType> = z.output<(typeof streamItemSchemas)[K]>;

export function isStreamItemType(type: string): type is StreamItemType {
  return Object.hasOwn(streamItemSchemas, type);
}
