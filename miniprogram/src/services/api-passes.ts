import { issuedPassSchema, passKeysSchema, passListSchema, passRevocationPageSchema } from '@grid/shared';
import { resolveApiBase } from '../config/api';
import { request } from './http';
import { currentSession } from './session';

// The health pass endpoints (issue 19).

/** One current pass per household member; issued or renewed by the server as needed. */
export const getMyPasses = () => request({ method: 'GET', path: '/v1/me/passes', schema: passListSchema });

/** A person's current pass (staff within their grids). */
export const issuePersonPass = (personId: string) =>
  request({
    method: 'POST',
    path: `/v1/persons/${encodeURIComponent(personId)}/pass`,
    schema: issuedPassSchema,
  });

export const getPassKeys = () => request({ method: 'GET', path: '/v1/pass-keys', schema: passKeysSchema });

export const getPassRevocations = (since: string | undefined, cursor: string | undefined) =>
  request({
    method: 'GET',
    path: '/v1/pass-revocations',
    query: { since, cursor },
    schema: passRevocationPageSchema,
  });

/** The printed pass's address and headers, for a download (not JSON: no request()). */
export function passPdfRequest(personId: string): { url: string; header: Record<string, string> } {
  const token = currentSession()?.token;
  return {
    url: `${resolveApiBase()}/v1/persons/${encodeURIComponent(personId)}/pass/pdf`,
    header: token ? { authorization: `Bearer ${token}` } : {},
  };
}
