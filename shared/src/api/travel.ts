import * as z from 'zod';
import { regionCodeSchema } from '../domain/region';
import { localDateSchema } from '../domain/time';
import { nameSchema, textSchema, verificationSchema } from './common';

export const transportKindSchema = z.enum(['train', 'flight', 'bus', 'car', 'ship', 'other']);

export const createTravelDeclarationRequestSchema = z.lazy(() =>
  z.strictObject({
    /** The county/district (6 digits) the person came from. */
    originCode: regionCodeSchema.refine((c) => c.length === 6, 'ORIGIN_MUST_BE_COUNTY'),
    departedOn: localDateSchema,
    arrivedOn: localDateSchema,
    transport: z.strictObject({
      kind: transportKindSchema,
      /** Train or flight number, or a car's plate. */
      number: textSchema(20).optional(),
    }),
    companions: z.array(nameSchema(30)).max(20).default([]),
    note: textSchema(200).optional(),
  }),
);
export type CreateTravelDeclarationRequest = z.infer<typeof createTravelDeclarationRequestSchema>;

export const travelDeclarationSchema = z.object({
  submissionId: z.string(),
  personId: z.string(),
  gridCode: z.string(),
  originCode: z.string(),
  departedOn: z.string(),
  arrivedOn: z.string(),
  transport: z.object({ kind: transportKindSchema, number: z.string().optional() }),
  companions: z.array(z.string()),
  note: z.string().nullable(),
  /** The origin lay in the risk-area list when declared. */
  riskFlagged: z.boolean(),
  createdAt: z.string(),
  reporter: z.object({ userId: z.string(), kind: z.enum(['self', 'proxy', 'staff']) }),
  verification: verificationSchema,
});
export type TravelDeclaration = z.infer<typeof travelDeclarationSchema>;

export const riskAreasRequestSchema = z.lazy(() =>
  z.strictObject({
    /** Province, city or county codes: everything under them counts as a risk area. */
    codes: z.array(regionCodeSchema.refine((c) => c.length <= 6, 'RISK_AREA_TOO_FINE')).max(1000),
    note: textSchema(200).optional(),
  }),
);
export const riskAreasSchema = z.object({
  codes: z.array(z.string()),
  note: z.string().nullable(),
  updatedAt: z.string().nullable(),
  updatedBy: z.string().nullable(),
});
export type RiskAreas = z.infer<typeof riskAreasSchema>;
