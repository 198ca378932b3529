import { httpHandler } from '../../../lib/middleware/http-handler';
import { quarantineRoutes as routes } from '../routes';
import { listAlerts } from '../use-cases/alerts';

export const handler = httpHandler(routes.listAlerts, async ({ query, principal }) => ({
  status: 200,
  body: await listAlerts(principal, query),
}));
