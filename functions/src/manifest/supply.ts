/** Supply requests of quarantined households (issue: home quarantine). */
import {
  createSupplyRequestSchema,
  deliverSupplyRequestSchema,
  gridParamsSchema,
  householdParamsSchema,
  rejectSupplyRequestSchema,
  supplyListQuerySchema,
  supplyRequestPageSchema,
  supplyRequestParamsSchema,
  supplyRequestSchema,
} from '@grid/shared';
import { route } from './route';
import type { ScheduleDefinition, StreamConsumerDefinition } from './types';

const tags = ['supply'] as const;

export const supplyRoutes = {
  createSupplyRequest: route({
    operationId: 'createSupplyRequest',
    method: 'POST',
    path: '/v1/households/{householdId}/supply-requests',
    handler: 'supply/create-supply-request',
    auth: { roles: ['resident', 'gridworker'] },
    table: 'readwrite',
    summary:
      'Ask for supplies for a household with someone in home quarantine (its own, or by its gridworker)',
    tags,
    request: { params: householdParamsSchema, body: createSupplyRequestSchema, headers: ['idempotency-key'] },
    responses: { 201: supplyRequestSchema, 200: supplyRequestSchema },
  }),
  listHouseholdSupplyRequests: route({
    operationId: 'listHouseholdSupplyRequests',
    method: 'GET',
    path: '/v1/households/{householdId}/supply-requests',
    handler: 'supply/list-household-supply-requests',
    auth: { roles: ['resident', 'gridworker', 'centre', 'admin'] },
    table: 'read',
    summary: 'A household’s supply requests, newest first',
    tags,
    request: { params: householdParamsSchema, query: supplyListQuerySchema },
    responses: { 200: supplyRequestPageSchema },
  }),
  listGridSupplyRequests: route({
    operationId: 'listGridSupplyRequests',
    method: 'GET',
    path: '/v1/grids/{gridCode}/supply-requests',
    handler: 'supply/list-grid-supply-requests',
    auth: { roles: ['gridworker', 'volunteer', 'centre', 'admin'] },
    table: 'read',
    summary: 'A grid’s open supply requests (submitted, accepted), oldest first; overdue after 4 h',
    tags,
    request: { params: gridParamsSchema, query: supplyListQuerySchema },
    responses: { 200: supplyRequestPageSchema },
  }),
  getSupplyRequest: route({
    operationId: 'getSupplyRequest',
    method: 'GET',
    path: '/v1/supply-requests/{requestId}',
    handler: 'supply/get-supply-request',
    auth: { roles: ['resident', 'gridworker', 'volunteer', 'centre', 'admin'] },
    table: 'read',
    summary: 'One supply request with its history',
    tags,
    request: { params: supplyRequestParamsSchema },
    responses: { 200: supplyRequestSchema },
  }),
  acceptSupplyRequest: route({
    operationId: 'acceptSupplyRequest',
    method: 'POST',
    path: '/v1/supply-requests/{requestId}/accept',
    handler: 'supply/accept-supply-request',
    auth: { roles: ['gridworker', 'volunteer'] },
    table: 'readwrite',
    summary: 'Take a submitted request on (one taker wins; the others get 409)',
    tags,
    request: { params: supplyRequestParamsSchema },
    responses: { 200: supplyRequestSchema },
  }),
  deliverSupplyRequest: route({
    operationId: 'deliverSupplyRequest',
    method: 'POST',
    path: '/v1/supply-requests/{requestId}/deliver',
    handler: 'supply/deliver-supply-request',
    auth: { roles: ['gridworker', 'volunteer'] },
    table: 'readwrite',
    summary: 'Record an accepted request as delivered, with a delivery note',
    tags,
    request: { params: supplyRequestParamsSchema, body: deliverSupplyRequestSchema },
    responses: { 200: supplyRequestSchema },
  }),
  confirmSupplyRequest: route({
    operationId: 'confirmSupplyRequest',
    method: 'POST',
    path: '/v1/supply-requests/{requestId}/confirm',
    handler: 'supply/confirm-supply-request',
    auth: { roles: ['resident'] },
    table: 'readwrite',
    summary: 'The household confirms receipt of a delivery',
    tags,
    request: { params: supplyRequestParamsSchema },
    responses: { 200: supplyRequestSchema },
  }),
  cancelSupplyRequest: route({
    operationId: 'cancelSupplyRequest',
    method: 'POST',
    path: '/v1/supply-requests/{requestId}/cancel',
    handler: 'supply/cancel-supply-request',
    auth: { roles: ['resident', 'gridworker'] },
    table: 'readwrite',
    summary: 'Withdraw a request nobody has accepted yet',
    tags,
    request: { params: supplyRequestParamsSchema },
    responses: { 200: supplyRequestSchema },
  }),
  rejectSupplyRequest: route({
    operationId: 'rejectSupplyRequest',
    method: 'POST',
    path: '/v1/supply-requests/{requestId}/reject',
    handler: 'supply/reject-supply-request',
    auth: { roles: ['gridworker', 'centre', 'admin'] },
    table: 'readwrite',
    summary: 'Refuse a request before delivery, with a reason',
    tags,
    request: { params: supplyRequestParamsSchema, body: rejectSupplyRequestSchema },
    responses: { 200: supplyRequestSchema },
  }),
} as const;

export const supplyStreamConsumers: StreamConsumerDefinition[] = [
  {
    name: 'supplyRequestNotifier',
    handler: 'streams/supply-request-notifier',
    table: 'readwrite',
    batchSize: 50,
    description:
      'Tells a household’s owner (WeChat subscribe message) when its supply request is accepted, delivered, rejected or auto-confirmed; once per transition',
  },
];

export const supplySchedules: ScheduleDefinition[] = [
  {
    name: 'autoConfirmSupplyDeliveries',
    handler: 'schedules/auto-confirm-supply-deliveries',
    everyMinutes: 30,
    table: 'readwrite',
    description: 'Confirms deliveries the household has not confirmed within 24 hours',
  },
];
