import * as z from 'zod';
import { idNumberSchema } from '../domain/id-number';
import { phoneSchema } from '../domain/phone';
import { gridCodeSchema } from '../domain/region';
import { idSchema, nameSchema, textSchema } from './common';

export const relationSchema = z.enum([
  'self',
  'spouse',
  'parent',
  'child',
  'grandparent',
  'grandchild',
  'sibling',
  'other',
]);
export type Relation = z.infer<typeof relationSchema>;

export const memberInputSchema = z.lazy(() =>
  z.strictObject({
    name: nameSchema(30),
    relation: relationSchema,
    /** The birth date and region are read from the number; they are not sent separately. */
    idNumber: idNumberSchema,
    phone: phoneSchema.optional(),
  }),
);
export type MemberInput = z.infer<typeof memberInputSchema>;

export const createHouseholdRequestSchema = z.lazy(() =>
  z.strictObject({
    address: textSchema(200).min(2),
    gridCode: gridCodeSchema,
    members: z.array(memberInputSchema).min(1).max(20),
  }),
);
export type CreateHouseholdRequest = z.infer<typeof createHouseholdRequestSchema>;

export const updateMemberRequestSchema = z
  .strictObject({
    name: nameSchema(30).optional(),
    relation: relationSchema.optional(),
    phone: phoneSchema.nullable().optional(),
    /** The version read; a stale one answers 409 VERSION_CONFLICT. */
    version: z.number().int().min(1),
  })
  .refine((b) => b.name !== undefined || b.relation !== undefined || b.phone !== undefined, {
    message: 'NOTHING_TO_UPDATE',
  });
export type UpdateMemberRequest = z.infer<typeof updateMemberRequestSchema>;

export const householdParamsSchema = z.lazy(() => z.strictObject({ householdId: idSchema }));
export const memberParamsSchema = z.lazy(() => z.strictObject({ householdId: idSchema, personId: idSchema }));

export const personSchema = z.object({
  personId: z.string(),
  householdId: z.string(),
  gridCode: z.string(),
  name: z.string(),
  relation: relationSchema,
  idNumberMasked: z.string(),
  phoneMasked: z.string().nullable(),
  birthDate: z.string(),
  sex: z.enum(['male', 'female']),
  version: z.number().int(),
  /** The person's current home quarantine, if any. */
  activeQuarantineId: z.string().nullable(),
});
export type Person = z.infer<typeof personSchema>;

export const householdSchema = z.object({
  householdId: z.string(),
  address: z.string(),
  gridCode: z.string(),
  members: z.array(personSchema),
  createdAt: z.string(),
});
export type Household = z.infer<typeof householdSchema>;

export const personParamsSchema = z.lazy(() => z.strictObject({ personId: idSchema }));

/** The full phone, for a gridworker's one-tap call; only this route reveals it. */
export const personContactSchema = z.lazy(() =>
  z.object({
    personId: z.string(),
    name: z.string(),
    phone: z.string().nullable(),
    /**
     * Only when the person has no phone (an elderly member, a child): the other members of the
     * household who have one, so the call can still be made. Empty otherwise.
     */
    household: z.array(
      z.object({ personId: z.string(), name: z.string(), relation: relationSchema, phone: z.string() }),
    ),
  }),
);
export type PersonContact = z.infer<typeof personContactSchema>;

/**
 * Creating their household changes what a resident's session may reach, so the answer carries a
 * fresh session token (null when a gridworker registers a household on someone's behalf).
 */
export const createHouseholdResponseSchema = householdSchema.extend({
  session: z.object({ token: z.string(), expiresAt: z.string() }).nullable(),
});
export type CreateHouseholdResponse = z.infer<typeof createHouseholdResponseSchema>;
