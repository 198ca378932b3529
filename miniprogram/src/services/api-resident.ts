import {
  accessLogSchema,
  type CreateCorrectionRequest,
  correctionPageSchema,
  correctionSchema,
  residentMessagesSchema,
} from '@grid/shared';
import { request } from './http';

// The resident's own-household endpoints (messages and the rights the privacy notice promises).

export const listMyMessages = () =>
  request({ method: 'GET', path: '/v1/me/messages', schema: residentMessagesSchema });

export const getMyAccessLog = () =>
  request({ method: 'GET', path: '/v1/me/access-log', schema: accessLogSchema });

export const listMyCorrections = (cursor?: string) =>
  request({ method: 'GET', path: '/v1/me/corrections', query: { cursor }, schema: correctionPageSchema });

export const requestCorrection = (body: CreateCorrectionRequest, idempotencyKey: string) =>
  request({ method: 'POST', path: '/v1/me/corrections', body, idempotencyKey, schema: correctionSchema });
