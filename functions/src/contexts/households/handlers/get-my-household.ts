import { httpHandler } from '../../../lib/middleware/http-handler';
import { householdsRoutes as routes } from '../routes';
import { getMyHousehold } from '../use-cases/households';

export const handler = httpHandler(routes.getMyHousehold, async ({ principal }) => ({
  status: 200,
  body: await getMyHousehold(principal),
}));
