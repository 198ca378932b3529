import { httpHandler } from '../../../lib/middleware/http-handler';
import { reportingRoutes as routes } from '../routes';
import { replaceRiskAreas } from '../use-cases/travel';

export const handler = httpHandler(routes.putRiskAreas, async ({ body, principal, now }) => ({
  status: 200,
  body: await replaceRiskAreas(principal, body, now),
}));
