import { httpHandler } from '../../../lib/middleware/http-handler';
import { reportingRoutes as routes } from '../routes';
import { getRiskAreas } from '../use-cases/travel';

export const handler = httpHandler(routes.getRiskAreas, async () => ({
  status: 200,
  body: await getRiskAreas(),
}));
