import { httpHandler } from '../../../lib/middleware/http-handler';
import { checkpointsRoutes as routes } from '../routes';
import { getRoster } from '../use-cases/shifts';

export const handler = httpHandler(routes.listRoster, async ({ params, query, principal }) => ({
  status: 200,
  body: await getRoster(principal, params.checkpointId, query.date),
}));
