import { screeningRoutes as routes } from '../../manifest/screening';
import { httpHandler } from '../../middleware/http-handler';
import { listRegionQueue } from '../../use-cases/cross-match';

export const handler = httpHandler(routes.listRegistrationQueue, async ({ params, query, principal }) => ({
  status: 200,
  body: await listRegionQueue(principal, params.regionCode, query),
}));
