import {
  alertListSchema,
  alertSchema,
  type CreateFollowUpRequest,
  type CreateHealthReportRequest,
  type CreateHouseholdRequest,
  type CreateSupplyRequest,
  type CreateTravelDeclarationRequest,
  childrenStatsSchema,
  createHouseholdResponseSchema,
  followUpSchema,
  gridSummarySchema,
  healthReportListSchema,
  healthReportSchema,
  householdSchema,
  inboxEntrySchema,
  inboxPageSchema,
  type MemberInput,
  meSchema,
  pendingPageSchema,
  personContactSchema,
  personSchema,
  privacyConsentStateSchema,
  quarantineBoardSchema,
  regionStatsSchema,
  riskAreasSchema,
  type SubmissionType,
  subscriptionsSchema,
  supplyRequestPageSchema,
  supplyRequestSchema,
  type TemplateName,
  taskPageSchema,
  taskSchema,
  travelDeclarationSchema,
  trendSchema,
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

/** Where the signed-in user stands with the privacy notice (part of GET /v1/me). */
export const getMyPrivacyConsent = async () =>
  (await request({ method: 'GET', path: '/v1/me', schema: meSchema })).privacyConsent;

export const acceptPrivacyNotice = (version: string) =>
  request({
    method: 'POST',
    path: '/v1/me/privacy-consent',
    body: { version },
    schema: privacyConsentStateSchema,
  });

/** Withdraw consent: reports need the notice accepted again; a repeat changes nothing. */
export const withdrawPrivacyConsent = () =>
  request({ method: 'DELETE', path: '/v1/me/privacy-consent', schema: privacyConsentStateSchema });

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

export const addMember = (householdId: string, body: MemberInput, idempotencyKey: string) =>
  request({
    method: 'POST',
    path: `/v1/households/${seg(householdId)}/members`,
    body,
    idempotencyKey,
    schema: personSchema,
  });

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

/** Without a type: both types in one list, urgent first (fever, risk-area travel), then oldest. */
export const getGridPending = (gridCode: string, cursor?: string, limit = 20, type?: SubmissionType) =>
  request({
    method: 'GET',
    path: `/v1/grids/${seg(gridCode)}/pending`,
    query: { type, cursor, limit },
    schema: pendingPageSchema,
  });

export const getGridSummary = (gridCode: string) =>
  request({ method: 'GET', path: `/v1/grids/${seg(gridCode)}/summary`, schema: gridSummarySchema });

export const verifySubmission = (submissionId: string, body: VerifyRequest, idempotencyKey?: string) =>
  request({
    method: 'POST',
    path: `/v1/submissions/${seg(submissionId)}/verify`,
    body,
    idempotencyKey,
    schema: verifyResponseSchema,
  });

// Home quarantine: the grid's board and the gridworker's follow-up (it satisfies the slot's check).

export const getQuarantineBoard = (gridCode: string) =>
  request({
    method: 'GET',
    path: `/v1/grids/${seg(gridCode)}/quarantine-board`,
    schema: quarantineBoardSchema,
  });

export const recordFollowUp = (quarantineId: string, body: CreateFollowUpRequest, idempotencyKey: string) =>
  request({
    method: 'POST',
    path: `/v1/quarantines/${seg(quarantineId)}/follow-ups`,
    body,
    idempotencyKey,
    schema: followUpSchema,
  });

// Alerts of a grid, street or district.

export const listAlerts = (scope: string, status: 'open' | 'acknowledged' | 'resolved', cursor?: string) =>
  request({ method: 'GET', path: '/v1/alerts', query: { scope, status, cursor }, schema: alertListSchema });

export const acknowledgeAlert = (alertId: string) =>
  request({ method: 'POST', path: `/v1/alerts/${seg(alertId)}/acknowledge`, schema: alertSchema });

export const resolveAlert = (alertId: string, note: string) =>
  request({
    method: 'POST',
    path: `/v1/alerts/${seg(alertId)}/resolve`,
    body: { note },
    schema: alertSchema,
  });

// Tasks: reminders the platform could not deliver, handed to the grid's gridworker.

export const listGridTasks = (gridCode: string, cursor?: string) =>
  request({
    method: 'GET',
    path: `/v1/grids/${seg(gridCode)}/tasks`,
    query: { cursor },
    schema: taskPageSchema,
  });

export const completeTask = (taskId: string, idempotencyKey?: string) =>
  request({ method: 'POST', path: `/v1/tasks/${seg(taskId)}/done`, idempotencyKey, schema: taskSchema });

// Subscribe-message consent.

export const getSubscriptions = () =>
  request({ method: 'GET', path: '/v1/subscriptions', schema: subscriptionsSchema });

export const recordSubscriptions = (accepted: TemplateName[]) =>
  request({ method: 'POST', path: '/v1/subscriptions', body: { accepted }, schema: subscriptionsSchema });

// Supply requests of quarantined households.

export const createSupplyRequest = (householdId: string, body: CreateSupplyRequest, idempotencyKey: string) =>
  request({
    method: 'POST',
    path: `/v1/households/${seg(householdId)}/supply-requests`,
    body,
    idempotencyKey,
    schema: supplyRequestSchema,
  });

export const listHouseholdSupplyRequests = (householdId: string, cursor?: string) =>
  request({
    method: 'GET',
    path: `/v1/households/${seg(householdId)}/supply-requests`,
    query: { cursor },
    schema: supplyRequestPageSchema,
  });

export const listGridSupplyRequests = (gridCode: string, cursor?: string) =>
  request({
    method: 'GET',
    path: `/v1/grids/${seg(gridCode)}/supply-requests`,
    query: { cursor },
    schema: supplyRequestPageSchema,
  });

type SupplyAction = 'accept' | 'deliver' | 'confirm' | 'cancel' | 'reject';

/** accept, confirm and cancel take no body; deliver takes an optional note; reject a reason. */
export const actOnSupplyRequest = (
  requestId: string,
  action: SupplyAction,
  body?: { note?: string } | { reason: string },
  idempotencyKey?: string,
) =>
  request({
    method: 'POST',
    path: `/v1/supply-requests/${seg(requestId)}/${action}`,
    ...(body === undefined ? {} : { body }),
    idempotencyKey,
    schema: supplyRequestSchema,
  });

// Statistics for the centre dashboard.

export const getRegionStats = (code: string) =>
  request({ method: 'GET', path: `/v1/stats/${seg(code)}`, schema: regionStatsSchema });

export const getRegionTrend = (code: string, days = 14) =>
  request({ method: 'GET', path: `/v1/stats/${seg(code)}/trend`, query: { days }, schema: trendSchema });

export const getRegionChildrenStats = (code: string) =>
  request({ method: 'GET', path: `/v1/stats/${seg(code)}/children`, schema: childrenStatsSchema });

// Notices pushed down by the centres to gridworkers.

export const listNoticeInbox = (cursor?: string) =>
  request({ method: 'GET', path: '/v1/notices/inbox', query: { cursor }, schema: inboxPageSchema });

export const acknowledgeNotice = (noticeId: string, idempotencyKey?: string) =>
  request({
    method: 'POST',
    path: `/v1/notices/${seg(noticeId)}/ack`,
    idempotencyKey,
    schema: inboxEntrySchema,
  });
