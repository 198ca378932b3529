import * as z from 'zod';
import { roleSchema } from './common';

export const weChatLoginRequestSchema = z.lazy(() => z.strictObject({ code: z.string().min(1).max(128) }));
export const phoneBindRequestSchema = z.lazy(() => z.strictObject({ code: z.string().min(1).max(128) }));

export const userSchema = z.object({
  userId: z.string(),
  role: roleSchema,
  name: z.string(),
  /** Grid codes for gridworkers and volunteers, one region code for a centre, [] for residents. */
  scopes: z.array(z.string()),
  householdId: z.string().nullable(),
  personId: z.string().nullable(),
  phoneMasked: z.string().nullable(),
});
export type User = z.infer<typeof userSchema>;

export const loginResponseSchema = z.lazy(() =>
  z.object({
    token: z.string(),
    expiresAt: z.string(),
    user: userSchema,
  }),
);
export type LoginResponse = z.infer<typeof loginResponseSchema>;
