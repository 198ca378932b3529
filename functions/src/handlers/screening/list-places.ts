import { screeningRoutes as routes } from '../../manifest/screening';
import { httpHandler } from '../../middleware/http-handler';
import { listPlaces } from '../../use-cases/screening';

export const handler = httpHandler(routes.listPlaces, async ({ params, principal }) => ({
  status: 200,
  body: await listPlaces(principal, params.gridCode),
}));
