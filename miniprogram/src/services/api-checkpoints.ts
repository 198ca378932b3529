import {
  type CreateCheckpointRequest,
  type CreateEntryRequest,
  type CreateShiftRequest,
  checkpointFiguresSchema,
  checkpointListSchema,
  checkpointSchema,
  entryPageSchema,
  entrySchema,
  rosterStaffListSchema,
  shiftListSchema,
  shiftSchema,
} from '@grid/shared';
import { request } from './http';

// Checkpoints (劝返站): the checkpoints of a village, the duty roster, the entry log and its figures.

const seg = encodeURIComponent;

export const listCheckpoints = (regionCode: string) =>
  request({ method: 'GET', path: '/v1/checkpoints', query: { regionCode }, schema: checkpointListSchema });

export const getCheckpoint = (checkpointId: string) =>
  request({ method: 'GET', path: `/v1/checkpoints/${seg(checkpointId)}`, schema: checkpointSchema });

export const createCheckpoint = (body: CreateCheckpointRequest) =>
  request({ method: 'POST', path: '/v1/checkpoints', body, schema: checkpointSchema });

export const listMyShifts = (from?: string) =>
  request({ method: 'GET', path: '/v1/me/shifts', query: { from }, schema: shiftListSchema });

export const listRoster = (checkpointId: string, date: string) =>
  request({
    method: 'GET',
    path: `/v1/checkpoints/${seg(checkpointId)}/shifts`,
    query: { date },
    schema: shiftListSchema,
  });

/** The key is minted when 排班 is first tapped: a double tap or a retry puts one shift on the roster. */
export const assignShift = (checkpointId: string, body: CreateShiftRequest, idempotencyKey: string) =>
  request({
    method: 'POST',
    path: `/v1/checkpoints/${seg(checkpointId)}/shifts`,
    body,
    idempotencyKey,
    schema: shiftSchema,
  });

/** Who the organiser may put on this checkpoint's roster (the village's gridworkers and volunteers). */
export const listRosterStaff = (checkpointId: string) =>
  request({
    method: 'GET',
    path: `/v1/checkpoints/${seg(checkpointId)}/staff`,
    schema: rosterStaffListSchema,
  });

/** Sign-in and sign-out are done once on the server; the key lets the outbox replay them safely. */
export const signShift = (shiftId: string, action: 'sign-in' | 'sign-out', idempotencyKey?: string) =>
  request({
    method: 'POST',
    path: `/v1/shifts/${seg(shiftId)}/${action}`,
    idempotencyKey,
    schema: shiftSchema,
  });

/** The key is minted at the first tap: a double tap, a retry and an offline replay log one entry. */
export const logEntry = (checkpointId: string, body: CreateEntryRequest, idempotencyKey: string) =>
  request({
    method: 'POST',
    path: `/v1/checkpoints/${seg(checkpointId)}/entries`,
    body,
    idempotencyKey,
    schema: entrySchema,
  });

export const listEntries = (checkpointId: string, date: string, cursor?: string) =>
  request({
    method: 'GET',
    path: `/v1/checkpoints/${seg(checkpointId)}/entries`,
    query: { date, cursor, limit: 50 },
    schema: entryPageSchema,
  });

export const getCheckpointFigures = (checkpointId: string, date: string) =>
  request({
    method: 'GET',
    path: `/v1/checkpoints/${seg(checkpointId)}/figures`,
    query: { date },
    schema: checkpointFiguresSchema,
  });
