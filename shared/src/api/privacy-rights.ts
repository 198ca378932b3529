/**
 * Residents' privacy rights: consent to the privacy notice, "break the glass" unmasking by staff
 * (with a reason the resident sees), and requests to correct wrong data.
 */
import * as z from 'zod';
import { correctionIds } from '../domain/ids';
import { userSchema } from './auth';
import { idSchema, pageOf, pageQuerySchema, roleSchema } from './common';

const NO_CONTROL_CHARACTERS = /^[^\p{Cc}]*$/u;

// ---------------------------------------------------------------- consent

export const privacyConsentStateSchema = z.lazy(() =>
  z.object({
    /** The notice in force (PRIVACY_NOTICE.version). */
    currentVersion: z.string(),
    /** The last version this user accepted, and when; null if never. */
    acceptedVersion: z.string().nullable(),
    acceptedAt: z.string().nullable(),
    /** The accepted version is the current one: a resident may report. */
    upToDate: z.boolean(),
  }),
);
export type PrivacyConsentState = z.infer<typeof privacyConsentStateSchema>;

/** GET /v1/me: the user, plus where they stand with the privacy notice. */
export const meSchema = userSchema.extend({ privacyConsent: privacyConsentStateSchema });
export type Me = z.infer<typeof meSchema>;

export const privacyConsentRequestSchema = z.lazy(() =>
  z.strictObject({
    /** The version the resident read; anything but the current one is refused. */
    version: z.string().trim().min(1).max(32),
  }),
);
export type PrivacyConsentRequest = z.infer<typeof privacyConsentRequestSchema>;

// ---------------------------------------------------------------- break the glass

export const unmaskPurposeSchema = z.enum([
  'contact_tracing',
  'quarantine',
  'medical',
  'identity_check',
  'other',
]);
export type UnmaskPurpose = z.infer<typeof unmaskPurposeSchema>;

export const unmaskRequestSchema = z.lazy(() =>
  z.strictObject({
    /** Why the full numbers are needed; the resident reads it in the access log. */
    reason: z
      .string()
      .trim()
      .min(10, 'UNMASK_REASON_INVALID')
      .max(200, 'UNMASK_REASON_INVALID')
      .regex(NO_CONTROL_CHARACTERS, 'TEXT_INVALID'),
    purpose: unmaskPurposeSchema,
  }),
);
export type UnmaskRequest = z.infer<typeof unmaskRequestSchema>;

export const unmaskedPersonSchema = z.lazy(() =>
  z.object({
    personId: z.string(),
    name: z.string(),
    idNumber: z.string(),
    phone: z.string().nullable(),
    purpose: unmaskPurposeSchema,
    /** When the unmasking was recorded in the person's access log. */
    recordedAt: z.string(),
  }),
);
export type UnmaskedPerson = z.infer<typeof unmaskedPersonSchema>;

// ---------------------------------------------------------------- correction requests

/** What can be wrong about a member; birth date and sex follow from the ID number. */
export const correctionFieldSchema = z.enum([
  'name',
  'idNumber',
  'phone',
  'relation',
  'birthDate',
  'sex',
  'other',
]);
export type CorrectionField = z.infer<typeof correctionFieldSchema>;

export const correctionStatusSchema = z.enum(['open', 'applied', 'rejected']);
export type CorrectionStatus = z.infer<typeof correctionStatusSchema>;

export const createCorrectionRequestSchema = z.lazy(() =>
  z.strictObject({
    personId: idSchema,
    field: correctionFieldSchema,
    /** The right value as the resident states it (an ID number or phone must be well-formed). */
    proposedValue: z.string().trim().min(1).max(100).regex(NO_CONTROL_CHARACTERS, 'TEXT_INVALID'),
    reason: z.string().trim().min(2).max(200).regex(NO_CONTROL_CHARACTERS, 'TEXT_INVALID'),
  }),
);
export type CreateCorrectionRequest = z.infer<typeof createCorrectionRequestSchema>;

export const resolveCorrectionRequestSchema = z.lazy(() =>
  z.strictObject({
    outcome: z.enum(['applied', 'rejected']),
    /** What was done (e.g. "changed with 修改成员") or why not. */
    note: z.string().trim().min(1).max(200).regex(NO_CONTROL_CHARACTERS, 'TEXT_INVALID'),
  }),
);
export type ResolveCorrectionRequest = z.infer<typeof resolveCorrectionRequestSchema>;

export const correctionParamsSchema = z.lazy(() =>
  z.strictObject({
    correctionId: correctionIds.schema,
  }),
);

export const correctionListQuerySchema = pageQuerySchema;

export const correctionSchema = z.object({
  correctionId: z.string(),
  householdId: z.string(),
  personId: z.string(),
  personName: z.string(),
  gridCode: z.string(),
  field: correctionFieldSchema,
  /** Masked when the field is an ID number or a phone. */
  proposedValue: z.string(),
  reason: z.string(),
  status: correctionStatusSchema,
  requestedAt: z.string(),
  requestedBy: z.object({ userId: z.string(), role: roleSchema }),
  resolution: z
    .object({
      outcome: z.enum(['applied', 'rejected']),
      note: z.string(),
      at: z.string(),
      byUserId: z.string(),
      byRole: roleSchema,
    })
    .nullable(),
});
export type Correction = z.infer<typeof correctionSchema>;

export const correctionPageSchema = pageOf(correctionSchema);
export type CorrectionPage = z.infer<typeof correctionPageSchema>;
