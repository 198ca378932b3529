import { quarantineRoutes as routes } from '../../manifest/quarantine';
import { httpHandler } from '../../middleware/http-handler';
import { acknowledgeAlert } from '../../use-cases/alerts';

export const handler = httpHandler(routes.acknowledgeAlert, async ({ params, principal, now }) => ({
  status: 200,
  body: await acknowledgeAlert(principal, params.alertId, now),
}));
