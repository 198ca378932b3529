import { passKeysSchema, passListSchema, passRevocationPageSchema } from '@grid/shared';
import { request } from './http';

// The health pass endpoints (issue 19).

/** One current pass per household member; issued or renewed by the server as needed. */
export const getMyPasses = () => request({ method: 'GET', path: '/v1/me/passes', schema: passListSchema });

export const getPassKeys = () => request({ method: 'GET', path: '/v1/pass-keys', schema: passKeysSchema });

export const getPassRevocations = (since: string | undefined, cursor: string | undefined) =>
  request({
    method: 'GET',
    path: '/v1/pass-revocations',
    query: { since, cursor },
    schema: passRevocationPageSchema,
  });
