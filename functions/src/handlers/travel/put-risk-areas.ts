import { foundationRoutes as routes } from '../../manifest/foundation';
import { httpHandler } from '../../middleware/http-handler';
import { replaceRiskAreas } from '../../use-cases/travel';

export const handler = httpHandler(routes.putRiskAreas, async ({ body, principal, now }) => ({
  status: 200,
  body: await replaceRiskAreas(principal, body, now),
}));
