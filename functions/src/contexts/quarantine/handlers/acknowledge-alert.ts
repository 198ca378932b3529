import { httpHandler } from '../../../lib/middleware/http-handler';
import { quarantineRoutes as routes } from '../routes';
import { acknowledgeAlert } from '../use-cases/alerts';

export const handler = httpHandler(routes.acknowledgeAlert, async ({ params, principal, now }) => ({
  status: 200,
  body: await acknowledgeAlert(principal, params.alertId, now),
}));
