import * as z from 'zod';
import { temperatureSchema } from '../domain/temperature';
import { localDateSchema } from '../domain/time';
import { textSchema, verificationSchema } from './common';

export const symptomSchema = z.enum([
  'cough',
  'sore_throat',
  'fatigue',
  'muscle_ache',
  'loss_of_taste_or_smell',
  'diarrhea',
  'breathing_difficulty',
  'chest_pain',
]);
export type Symptom = z.infer<typeof symptomSchema>;

/** Symptoms that alone call for attention, whatever the temperature. */
export const RED_FLAG_SYMPTOMS: readonly Symptom[] = ['breathing_difficulty', 'chest_pain'];

export const createHealthReportRequestSchema = z.lazy(() =>
  z.strictObject({
    temperature: temperatureSchema,
    symptoms: z
      .array(symptomSchema)
      .max(8)
      .default([])
      .refine((s) => new Set(s).size === s.length, 'SYMPTOMS_DUPLICATED'),
    note: textSchema(200).optional(),
    /**
     * When the temperature was taken. A phone that queued the report offline sends it so a
     * late retry still lands in the slot it was measured in. Defaults to the time received.
     */
    measuredAt: z.iso.datetime({ offset: true }).optional(),
  }),
);
export type CreateHealthReportRequest = z.infer<typeof createHealthReportRequestSchema>;

export const reporterSchema = z.lazy(() =>
  z.object({
    userId: z.string(),
    role: z.enum(['resident', 'gridworker', 'volunteer', 'centre', 'admin']),
    /** self: the person's own account; proxy: a household member's; staff: a gridworker's. */
    kind: z.enum(['self', 'proxy', 'staff']),
  }),
);

export const healthReportSchema = z.object({
  submissionId: z.string(),
  personId: z.string(),
  gridCode: z.string(),
  date: z.string(),
  slot: z.enum(['morning', 'evening']),
  temperature: z.number(),
  fever: z.boolean(),
  symptoms: z.array(symptomSchema),
  note: z.string().nullable(),
  measuredAt: z.string(),
  reportedAt: z.string(),
  reporter: reporterSchema,
  verification: verificationSchema,
});
export type HealthReport = z.infer<typeof healthReportSchema>;

export const healthReportListQuerySchema = z
  .strictObject({ from: localDateSchema, to: localDateSchema })
  .refine((q) => q.from <= q.to, { message: 'DATE_RANGE_INVALID' });

export const healthReportListSchema = z.lazy(() => z.object({ items: z.array(healthReportSchema) }));
