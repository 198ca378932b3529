import { httpHandler } from '../../../lib/middleware/http-handler';
import { quarantineRoutes as routes } from '../routes';
import { resolveAlert } from '../use-cases/alerts';

export const handler = httpHandler(routes.resolveAlert, async ({ params, body, principal, now }) => ({
  status: 200,
  body: await resolveAlert(principal, params.alertId, body.note, now),
}));
