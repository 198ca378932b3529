import * as z from 'zod';
import { alertKindSchema, alertStatusSchema } from './quarantine';
import { submissionTypeSchema } from './submissions';

/**
 * What a household hears back, newest first: the gridworker's verdict on each report and
 * declaration (confirmed, or rejected with the reason), and the alerts raised about its members
 * (a fever, a missed check) with how they were settled. Supply events come from the supply list.
 */
export const residentMessageSchema = z.discriminatedUnion('kind', [
  z.object({
    kind: z.literal('verification'),
    id: z.string(),
    at: z.string(),
    personId: z.string(),
    personName: z.string(),
    submissionId: z.string(),
    submissionType: submissionTypeSchema,
    decision: z.enum(['confirmed', 'rejected']),
    note: z.string().nullable(),
    /** The report's day, or the declaration's arrival day. */
    date: z.string(),
    slot: z.enum(['morning', 'evening']).nullable(),
  }),
  z.object({
    kind: z.literal('alert'),
    id: z.string(),
    at: z.string(),
    personId: z.string(),
    personName: z.string(),
    alertKind: alertKindSchema,
    status: alertStatusSchema,
    date: z.string(),
    slot: z.enum(['morning', 'evening']),
    temperature: z.number().nullable(),
    resolution: z.string().nullable(),
  }),
]);
export type ResidentMessage = z.infer<typeof residentMessageSchema>;

export const residentMessagesSchema = z.lazy(() => z.object({ items: z.array(residentMessageSchema) }));
export type ResidentMessages = z.infer<typeof residentMessagesSchema>;
