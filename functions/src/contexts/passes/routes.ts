/** Health passes (通行码): issued from a person's state, verified offline at checkpoints, printed on paper. */
import {
  issuedPassSchema,
  passKeysSchema,
  passListSchema,
  passPdfSchema,
  passRevocationPageSchema,
  passRevocationsQuerySchema,
  personParamsSchema,
} from '@grid/shared';
import { ALL_ROLES, route, STAFF } from '../../manifest/route';
import type { StreamConsumerDefinition } from '../../manifest/types';

const tags = ['passes'] as const;
/** Who verifies passes at a gate: volunteers too. */
const GATE = ['gridworker', 'volunteer', 'centre', 'admin'] as const;

export const passesRoutes = {
  getMyPasses: route({
    operationId: 'getMyPasses',
    method: 'GET',
    path: '/v1/me/passes',
    handler: 'passes/get-my-passes',
    // Staff who are residents too have a household.
    auth: { roles: ALL_ROLES },
    // Issues or renews passes as needed.
    table: 'readwrite',
    summary: "The current pass of every member of the caller's household (issued or renewed as needed)",
    tags,
    request: {},
    responses: { 200: passListSchema },
    signsPasses: true,
  }),
  issuePersonPass: route({
    operationId: 'issuePersonPass',
    method: 'POST',
    path: '/v1/persons/{personId}/pass',
    handler: 'passes/issue-person-pass',
    auth: { roles: ['resident', ...STAFF] },
    table: 'readwrite',
    summary: 'The current pass of one person: staff within their grids, residents for their household',
    tags,
    request: { params: personParamsSchema },
    responses: { 200: issuedPassSchema },
    signsPasses: true,
  }),
  printPersonPass: route({
    operationId: 'printPersonPass',
    method: 'GET',
    path: '/v1/persons/{personId}/pass/pdf',
    handler: 'passes/print-person-pass',
    auth: { roles: STAFF },
    table: 'readwrite',
    summary:
      'The printed pass (PDF, A4) of a person in the caller’s grids, for a resident without a smartphone',
    tags,
    request: { params: personParamsSchema },
    responses: { 200: passPdfSchema },
    signsPasses: true,
    bundledFiles: ['contexts/passes/adapters/pass-font.ttf'],
  }),
  getPassKeys: route({
    operationId: 'getPassKeys',
    method: 'GET',
    path: '/v1/pass-keys',
    handler: 'passes/get-pass-keys',
    auth: { roles: ALL_ROLES },
    table: 'read',
    summary:
      'Public keys (with kid) that verify passes: the current one and those retired within a pass’s life',
    tags,
    request: {},
    responses: { 200: passKeysSchema },
    signsPasses: true,
    // The same public keys for everyone, fetched by every gate phone whenever it has signal. A key
    // rotation switches the signing key at once (docs/deploy.md), so a cached list lacks the new key:
    // 5 min bounds that (one more stale answer while revalidating within the hour), far inside the
    // 25 h a retired key stays listed. stale-if-error: a gate may keep the last list while the API is down.
    cacheControl: 'public, max-age=300, stale-while-revalidate=3600, stale-if-error=86400',
  }),
  listPassRevocations: route({
    operationId: 'listPassRevocations',
    method: 'GET',
    path: '/v1/pass-revocations',
    handler: 'passes/list-pass-revocations',
    auth: { roles: GATE },
    table: 'read',
    summary: 'Pass ids revoked since an instant (oldest first, paged); `asOf` is the next `since`',
    tags,
    request: { query: passRevocationsQuerySchema },
    responses: { 200: passRevocationPageSchema },
    // Left no-store (the default): a revocation (a fever, a new quarantine) must reach the gates at
    // once, `asOf` moves with the clock, and the list is for gate staff only.
  }),
} as const;

export const passesStreamConsumers: StreamConsumerDefinition[] = [
  {
    name: 'passRevoker',
    handler: 'passes/pass-revoker',
    reader: 'streamEvents',
    handles: [
      { types: ['HEALTH_REPORT', 'FOLLOW_UP', 'QUARANTINE'], events: ['INSERT'] },
      { types: ['ALERT'], events: ['INSERT', 'MODIFY'] },
    ],
    table: 'readwrite',
    description: 'Revokes a person’s pass at once on a fever report, an alert or a new home quarantine',
  },
];
