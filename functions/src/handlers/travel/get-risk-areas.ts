import { routes } from '../../manifest';
import { httpHandler } from '../../middleware/http-handler';
import { getRiskAreas } from '../../use-cases/travel';

export const handler = httpHandler(routes.getRiskAreas, async () => ({
  status: 200,
  body: await getRiskAreas(),
}));
