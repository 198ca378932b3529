/** Privacy: what residents can see about who read their data. */
import { accessLogSchema } from '@grid/shared';
import { route } from './route';

export const privacyRoutes = {
  getMyAccessLog: route({
    operationId: 'getMyAccessLog',
    method: 'GET',
    path: '/v1/me/access-log',
    handler: 'privacy/get-my-access-log',
    auth: { roles: ['resident'] },
    table: 'read',
    summary: 'Who (which staff member) read my household’s files, newest first',
    tags: ['privacy'],
    request: {},
    responses: { 200: accessLogSchema },
  }),
} as const;
