import { quarantineRoutes as routes } from '../../manifest/quarantine';
import { httpHandler } from '../../middleware/http-handler';
import { resolveAlert } from '../../use-cases/alerts';

export const handler = httpHandler(routes.resolveAlert, async ({ params, body, principal, now }) => ({
  status: 200,
  body: await resolveAlert(principal, params.alertId, body.note, now),
}));
