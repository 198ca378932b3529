import * as z from 'zod';
import { gridCodeSchema } from '../domain/region';
import { pageOf, textSchema, verificationSchema } from './common';
import { symptomSchema } from './health';

export const submissionTypeSchema = z.enum(['health', 'travel']);
export type SubmissionType = z.infer<typeof submissionTypeSchema>;

export const gridParamsSchema = z.lazy(() => z.strictObject({ gridCode: gridCodeSchema }));

/** Without a type: one list of both types, urgent first (fever, risk-area travel), then oldest. */
export const pendingQuerySchema = z.lazy(() =>
  z.strictObject({
    type: submissionTypeSchema.optional(),
    cursor: z.string().max(512).optional(),
    limit: z.coerce.number().int().min(1).max(50).default(20),
  }),
);

const pendingBase = {
  submissionId: z.string(),
  personId: z.string(),
  personName: z.string(),
  idNumberMasked: z.string(),
  phoneMasked: z.string().nullable(),
  submittedAt: z.string(),
};

export const pendingItemSchema = z.discriminatedUnion('type', [
  z.object({
    type: z.literal('health'),
    ...pendingBase,
    date: z.string(),
    slot: z.enum(['morning', 'evening']),
    temperature: z.number(),
    fever: z.boolean(),
    symptoms: z.array(symptomSchema),
  }),
  z.object({
    type: z.literal('travel'),
    ...pendingBase,
    originCode: z.string(),
    departedOn: z.string(),
    arrivedOn: z.string(),
    riskFlagged: z.boolean(),
  }),
]);
export type PendingItem = z.infer<typeof pendingItemSchema>;
export const pendingPageSchema = pageOf(pendingItemSchema);

export const submissionParamsSchema = z.lazy(() =>
  z.strictObject({
    submissionId: z
      .string()
      .regex(/^(H\.[0-9A-Z]{26}\.\d{8}\.[me](\.[2-9])?|T\.[0-9A-Z]{26}\.[A-Za-z0-9_-]{8,64})$/),
  }),
);

export const verifyRequestSchema = z
  .strictObject({
    decision: z.enum(['confirmed', 'rejected']),
    method: z.enum(['phone', 'visit', 'wechat']),
    note: textSchema(200).optional(),
  })
  .refine((b) => b.decision === 'confirmed' || (b.note !== undefined && b.note.length > 0), {
    message: 'REJECTION_NEEDS_NOTE',
    path: ['note'],
  });
export type VerifyRequest = z.infer<typeof verifyRequestSchema>;

export const verifyResponseSchema = z.lazy(() =>
  z.object({
    submissionId: z.string(),
    type: submissionTypeSchema,
    verification: verificationSchema,
  }),
);

/** What a gridworker's home badge shows, from the live statistics. */
export const gridSummarySchema = z.lazy(() =>
  z.object({
    gridCode: z.string(),
    pending: z.object({ health: z.number().int(), travel: z.number().int() }),
  }),
);
