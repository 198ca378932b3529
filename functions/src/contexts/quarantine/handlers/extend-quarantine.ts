import { httpHandler } from '../../../lib/middleware/http-handler';
import { quarantineRoutes as routes } from '../routes';
import { extend } from '../use-cases/quarantine';

export const handler = httpHandler(routes.extendQuarantine, async ({ params, body, principal, now }) => ({
  status: 200,
  body: await extend(principal, params.quarantineId, body, now),
}));
