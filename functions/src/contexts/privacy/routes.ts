/** Privacy: consent to the notice, who read whose data, break-the-glass unmasking, corrections, retention and key rotation. */
import {
  accessLogSchema,
  correctionListQuerySchema,
  correctionPageSchema,
  correctionParamsSchema,
  correctionSchema,
  createCorrectionRequestSchema,
  gridParamsSchema,
  personParamsSchema,
  privacyConsentRequestSchema,
  privacyConsentStateSchema,
  resolveCorrectionRequestSchema,
  unmaskedPersonSchema,
  unmaskRequestSchema,
} from '@grid/shared';
import { route, STAFF } from '../../manifest/route';
import type { ScheduleDefinition } from '../../manifest/types';

const tags = ['privacy'] as const;

export const privacyRoutes = {
  getMyAccessLog: route({
    operationId: 'getMyAccessLog',
    method: 'GET',
    path: '/v1/me/access-log',
    handler: 'privacy/get-my-access-log',
    auth: { roles: ['resident'] },
    table: 'read',
    summary: 'Who (which staff member) read my household’s files, and why when they had to say, newest first',
    tags,
    request: {},
    responses: { 200: accessLogSchema },
  }),
  acceptPrivacyNotice: route({
    operationId: 'acceptPrivacyNotice',
    method: 'POST',
    path: '/v1/me/privacy-consent',
    handler: 'privacy/accept-privacy-notice',
    auth: { roles: ['resident'] },
    table: 'readwrite',
    summary:
      'Accept the current privacy notice (needed before a first report); another version is 409 PRIVACY_NOTICE_OUTDATED, a repeat changes nothing',
    tags,
    request: { body: privacyConsentRequestSchema },
    responses: { 200: privacyConsentStateSchema },
  }),
  withdrawPrivacyConsent: route({
    operationId: 'withdrawPrivacyConsent',
    method: 'DELETE',
    path: '/v1/me/privacy-consent',
    handler: 'privacy/withdraw-privacy-consent',
    auth: { roles: ['resident'] },
    table: 'readwrite',
    summary:
      'Withdraw consent to the privacy notice: reports need it accepted again; what was stored follows the retention rules',
    tags,
    request: {},
    responses: { 200: privacyConsentStateSchema },
  }),
  unmaskPerson: route({
    operationId: 'unmaskPerson',
    method: 'POST',
    path: '/v1/persons/{personId}/unmask',
    handler: 'privacy/unmask-person',
    auth: { roles: STAFF },
    // Records the reason in the person's access log before answering.
    table: 'readwrite',
    summary:
      'Break the glass: the full ID number and phone of a person in scope, for a stated reason the resident sees',
    tags,
    request: { params: personParamsSchema, body: unmaskRequestSchema },
    responses: { 200: unmaskedPersonSchema },
  }),
  requestCorrection: route({
    operationId: 'requestCorrection',
    method: 'POST',
    path: '/v1/me/corrections',
    handler: 'privacy/request-correction',
    auth: { roles: ['resident'] },
    table: 'readwrite',
    summary: 'Ask the grid to correct wrong data about a member of my household',
    tags,
    request: { body: createCorrectionRequestSchema, headers: ['idempotency-key'] },
    responses: { 201: correctionSchema, 200: correctionSchema },
  }),
  listMyCorrections: route({
    operationId: 'listMyCorrections',
    method: 'GET',
    path: '/v1/me/corrections',
    handler: 'privacy/list-my-corrections',
    auth: { roles: ['resident'] },
    table: 'read',
    summary: 'My household’s correction requests with their status, newest first',
    tags,
    request: { query: correctionListQuerySchema },
    responses: { 200: correctionPageSchema },
  }),
  listGridCorrections: route({
    operationId: 'listGridCorrections',
    method: 'GET',
    path: '/v1/grids/{gridCode}/corrections',
    handler: 'privacy/list-grid-corrections',
    auth: { roles: STAFF },
    // Records the read in each listed person's access log.
    table: 'readwrite',
    summary: 'Open correction requests of a grid, oldest first; ID numbers and phones masked',
    tags,
    request: { params: gridParamsSchema, query: correctionListQuerySchema },
    responses: { 200: correctionPageSchema },
  }),
  resolveCorrection: route({
    operationId: 'resolveCorrection',
    method: 'POST',
    path: '/v1/corrections/{correctionId}/resolve',
    handler: 'privacy/resolve-correction',
    auth: { roles: STAFF },
    table: 'readwrite',
    summary:
      'Close a correction request once (applied or rejected, with a note); it changes no member data: apply the change with updateMember first',
    tags,
    request: { params: correctionParamsSchema, body: resolveCorrectionRequestSchema },
    responses: { 200: correctionSchema },
  }),
} as const;

export const privacySchedules: ScheduleDefinition[] = [
  {
    name: 'purgeExpiredItems',
    handler: 'privacy/purge-expired-items',
    everyMinutes: 1440,
    table: 'readwrite',
    localOnly: true,
    description: 'Local only: deletes items whose expiresAt has passed, as DynamoDB TTL does in AWS',
  },
  {
    name: 'resealPersonalData',
    handler: 'privacy/reseal-personal-data',
    // Hourly, but a run reads one item unless DATA_KEY_CURRENT changed since the last complete walk.
    everyMinutes: 60,
    table: 'readwrite',
    scansTable: true,
    description:
      'After a data-key rotation: re-seals every stored ID number and phone under the current key (parallel scan with checkpoints, only when the current key changed)',
  },
];
