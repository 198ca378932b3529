import { foundationRoutes as routes } from '../../manifest/foundation';
import { httpHandler } from '../../middleware/http-handler';
import { getRiskAreas } from '../../use-cases/travel';

export const handler = httpHandler(routes.getRiskAreas, async () => ({
  status: 200,
  body: await getRiskAreas(),
}));
