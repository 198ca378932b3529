import {
  type CreateNoticeRequest,
  importRowPageSchema,
  noticeAcksSchema,
  noticeSchema,
  quarantineSchema,
  regionChildrenSchema,
  regionTaskListSchema,
  registrationTaskContactSchema,
  riskAreasSchema,
} from '@grid/shared';
import { resolveApiBase } from '../config/api';
import { request } from './http';
import { currentSession } from './session';

// Staff endpoints added for the gridworker and centre screens (api.ts holds the older ones).

const seg = encodeURIComponent;

/** A region's direct children with names (a community's grids, a street's communities…). */
export const getRegionChildren = (code: string) =>
  request({ method: 'GET', path: `/v1/regions/${seg(code)}/children`, schema: regionChildrenSchema });

/** A street's or district's open escalation tasks (alerts none of its staff could be messaged about), newest first. */
export const listRegionTasks = (code: string, limit = 20) =>
  request({
    method: 'GET',
    path: `/v1/regions/${seg(code)}/tasks`,
    query: { limit },
    schema: regionTaskListSchema,
  });

// Centres: notices down the hierarchy and who acknowledged them; the risk-area list (admin).

/** The key is minted once per intended notice: a retried tap publishes it once. */
export const publishNotice = (body: CreateNoticeRequest, idempotencyKey: string) =>
  request({ method: 'POST', path: '/v1/notices', body, idempotencyKey, schema: noticeSchema });

export const getNoticeAcks = (noticeId: string) =>
  request({ method: 'GET', path: `/v1/notices/${seg(noticeId)}/acks`, schema: noticeAcksSchema });

export const putRiskAreas = (codes: string[], note?: string) =>
  request({
    method: 'PUT',
    path: '/v1/risk-areas',
    body: { codes, ...(note ? { note } : {}) },
    schema: riskAreasSchema,
  });

// Quarantine changes from the board: each carries the version read, so two people cannot both win.

export const getQuarantine = (quarantineId: string) =>
  request({ method: 'GET', path: `/v1/quarantines/${seg(quarantineId)}`, schema: quarantineSchema });

export const changeQuarantine = (
  quarantineId: string,
  change:
    | { action: 'extend'; plannedEndDate: string; note?: string; version: number }
    | { action: 'release'; note: string; version: number }
    | { action: 'transfer'; to: 'centralized' | 'hospital'; note?: string; version: number },
) => {
  const { action, ...body } = change;
  return request({
    method: 'POST',
    path: `/v1/quarantines/${seg(quarantineId)}/${action}`,
    body,
    schema: quarantineSchema,
  });
};

// Registration tasks: arrivals from the cross-matched lists that no household record matched.

export const listRegistrationTasks = (gridCode: string, cursor?: string) =>
  request({
    method: 'GET',
    path: `/v1/grids/${seg(gridCode)}/registration-tasks`,
    query: { cursor, limit: 20 },
    schema: importRowPageSchema,
  });

/** A task's arrival with the full phone, for a one-tap call (the server records every read). */
export const getRegistrationTaskContact = (taskId: string) =>
  request({
    method: 'GET',
    path: `/v1/registration-tasks/${seg(taskId)}/contact`,
    schema: registrationTaskContactSchema,
  });

/** The day's Excel report of a region: the URL and header a download needs (the body is binary). */
export function dailyReportRequest(
  scope: string,
  date: string,
): { url: string; header: Record<string, string> } {
  const token = currentSession()?.token;
  return {
    url: `${resolveApiBase()}/v1/reports/daily?scope=${seg(scope)}&date=${seg(date)}`,
    header: token ? { authorization: `Bearer ${token}` } : {},
  };
}
