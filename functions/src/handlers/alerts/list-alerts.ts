import { quarantineRoutes as routes } from '../../manifest/quarantine';
import { httpHandler } from '../../middleware/http-handler';
import { listAlerts } from '../../use-cases/alerts';

export const handler = httpHandler(routes.listAlerts, async ({ query, principal }) => ({
  status: 200,
  body: await listAlerts(principal, query),
}));
