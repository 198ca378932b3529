import { httpHandler } from '../../../lib/middleware/http-handler';
import { screeningRoutes as routes } from '../routes';
import { listRegionQueue } from '../use-cases/registration-tasks';

export const handler = httpHandler(routes.listRegistrationQueue, async ({ params, query, principal }) => ({
  status: 200,
  body: await listRegionQueue(principal, params.regionCode, query),
}));
