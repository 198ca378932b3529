import {
  type CreateHealthReportRequest,
  type CreateHouseholdRequest,
  type CreateTravelDeclarationRequest,
  createHouseholdResponseSchema,
  gridSummarySchema,
  healthReportListSchema,
  healthReportSchema,
  householdSchema,
  type MemberInput,
  pendingPageSchema,
  personContactSchema,
  personSchema,
  riskAreasSchema,
  type SubmissionType,
  travelDeclarationSchema,
  type UpdateMemberRequest,
  userSchema,
  type VerifyRequest,
  verifyResponseSchema,
} from '@grid/shared';
import { request } from './http';

// One typed function per endpoint; each answer is parsed with the shared schema.
// Sign-in and phone binding are in session.ts.

const seg = encodeURIComponent;

export const getMe = () => request({ method: 'GET', path: '/v1/me', schema: userSchema });

export const getMyHousehold = () =>
  request({ method: 'GET', path: '/v1/households/mine', schema: householdSchema });

export const createHousehold = (body: CreateHouseholdRequest, idempotencyKey: string) =>
  request({
    method: 'POST',
    path: '/v1/households',
    body,
    idempotencyKey,
    schema: createHouseholdResponseSchema,
  });

export const addMember = (householdId: string, body: MemberInput) =>
  request({ method: 'POST', path: `/v1/households/${seg(householdId)}/members`, body, schema: personSchema });

export const updateMember = (householdId: string, personId: string, body: UpdateMemberRequest) =>
  request({
    method: 'PATCH',
    path: `/v1/households/${seg(householdId)}/members/${seg(personId)}`,
    body,
    schema: personSchema,
  });

export const getPersonContact = (personId: string) =>
  request({ method: 'GET', path: `/v1/persons/${seg(personId)}/contact`, schema: personContactSchema });

export const createHealthReport = (
  personId: string,
  body: CreateHealthReportRequest,
  idempotencyKey: string,
) =>
  request({
    method: 'POST',
    path: `/v1/persons/${seg(personId)}/health-reports`,
    body,
    idempotencyKey,
    schema: healthReportSchema,
  });

export const listHealthReports = (personId: string, from: string, to: string) =>
  request({
    method: 'GET',
    path: `/v1/persons/${seg(personId)}/health-reports`,
    query: { from, to },
    schema: healthReportListSchema,
  });

export const createTravelDeclaration = (
  personId: string,
  body: CreateTravelDeclarationRequest,
  idempotencyKey: string,
) =>
  request({
    method: 'POST',
    path: `/v1/persons/${seg(personId)}/travel-declarations`,
    body,
    idempotencyKey,
    schema: travelDeclarationSchema,
  });

export const getRiskAreas = () => request({ method: 'GET', path: '/v1/risk-areas', schema: riskAreasSchema });

export const getGridPending = (gridCode: string, type: SubmissionType, cursor?: string, limit = 20) =>
  request({
    method: 'GET',
    path: `/v1/grids/${seg(gridCode)}/pending`,
    query: { type, cursor, limit },
    schema: pendingPageSchema,
  });

export const getGridSummary = (gridCode: string) =>
  request({ method: 'GET', path: `/v1/grids/${seg(gridCode)}/summary`, schema: gridSummarySchema });

export const verifySubmission = (submissionId: string, body: VerifyRequest) =>
  request({
    method: 'POST',
    path: `/v1/submissions/${seg(submissionId)}/verify`,
    body,
    schema: verifyResponseSchema,
  });
