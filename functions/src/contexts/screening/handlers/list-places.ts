import { httpHandler } from '../../../lib/middleware/http-handler';
import { screeningRoutes as routes } from '../routes';
import { listPlaces } from '../use-cases/screening';

export const handler = httpHandler(routes.listPlaces, async ({ params, principal }) => ({
  status: 200,
  body: await listPlaces(principal, params.gridCode),
}));
