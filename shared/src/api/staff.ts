import * as z from 'zod';
import { phoneSchema } from '../domain/phone';
import { gridCodeSchema, regionCodeSchema } from '../domain/region';
import { idSchema, nameSchema, roleSchema } from './common';

const gridStaff = {
  name: nameSchema(30),
  phone: phoneSchema,
  gridCodes: z.array(gridCodeSchema).min(1).max(20),
};

export const createStaffRequestSchema = z.discriminatedUnion('role', [
  z.strictObject({ role: z.literal('gridworker'), ...gridStaff }),
  z.strictObject({ role: z.literal('volunteer'), ...gridStaff }),
  z.strictObject({
    role: z.literal('centre'),
    name: nameSchema(30),
    phone: phoneSchema,
    /** 2 to 9 digits: a province, city, district/county or township/street centre. */
    regionCode: regionCodeSchema.refine((c) => c.length <= 9, 'REGION_CODE_INVALID'),
  }),
]);
export type CreateStaffRequest = z.infer<typeof createStaffRequestSchema>;

export const staffSchema = z.lazy(() =>
  z.object({
    userId: z.string(),
    role: roleSchema,
    name: z.string(),
    phoneMasked: z.string(),
    scopes: z.array(z.string()),
    bound: z.boolean(),
    /** A disabled account cannot sign in and its tokens are refused within a minute. */
    disabled: z.boolean(),
    createdAt: z.string(),
  }),
);
export type Staff = z.infer<typeof staffSchema>;

export const staffParamsSchema = z.lazy(() => z.strictObject({ userId: idSchema }));
