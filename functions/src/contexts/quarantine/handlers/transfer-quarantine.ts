import { httpHandler } from '../../../lib/middleware/http-handler';
import { quarantineRoutes as routes } from '../routes';
import { end } from '../use-cases/quarantine';

export const handler = httpHandler(routes.transferQuarantine, async ({ params, body, principal, now }) => ({
  status: 200,
  body: await end(principal, params.quarantineId, body, now),
}));
