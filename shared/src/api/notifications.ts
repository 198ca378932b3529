import * as z from 'zod';
import { ULID_PATTERN } from '../domain/ids';
import { pageOf } from './common';

/** The subscribe-message templates the platform sends; ids differ per mini program. */
export const templateNameSchema = z.enum(['checkReminder', 'alert', 'supplyStatus']);
export type TemplateName = z.infer<typeof templateNameSchema>;

export const subscriptionsSchema = z.lazy(() =>
  z.object({
    /** Template name → WeChat template id, for wx.requestSubscribeMessage. */
    templates: z.record(templateNameSchema, z.string()),
    /** One-time grants not yet used, per template. */
    remaining: z.record(templateNameSchema, z.number().int()),
  }),
);

/** What the user accepted in wx.requestSubscribeMessage: each accepted template allows one message. */
export const recordSubscriptionsRequestSchema = z.lazy(() =>
  z.strictObject({
    accepted: z.array(templateNameSchema).min(1).max(3),
  }),
);

export const taskSchema = z.object({
  taskId: z.string(),
  kind: z.literal('CALL_FOR_CHECK'),
  gridCode: z.string(),
  personId: z.string(),
  personName: z.string(),
  quarantineId: z.string(),
  date: z.string(),
  slot: z.enum(['morning', 'evening']),
  status: z.enum(['open', 'done']),
  createdAt: z.string(),
  doneBy: z.string().nullable(),
  doneAt: z.string().nullable(),
});
export const taskPageSchema = pageOf(taskSchema);
export const taskParamsSchema = z.lazy(() =>
  z.strictObject({ taskId: z.string().regex(new RegExp(`^${ULID_PATTERN}$`)) }),
);
export const taskListQuerySchema = z.lazy(() =>
  z.strictObject({
    cursor: z.string().max(512).optional(),
    limit: z.coerce.number().int().min(1).max(50).default(20),
  }),
);
export type Task = z.infer<typeof taskSchema>;
