import { httpHandler } from '../../../lib/middleware/http-handler';
import { quarantineRoutes as routes } from '../routes';
import { toQuarantine, viewQuarantine } from '../use-cases/quarantine';

export const handler = httpHandler(routes.getQuarantine, async ({ params, principal, now }) => ({
  status: 200,
  body: toQuarantine(await viewQuarantine(principal, params.quarantineId, now)),
}));
