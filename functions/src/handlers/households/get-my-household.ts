import { foundationRoutes as routes } from '../../manifest/foundation';
import { httpHandler } from '../../middleware/http-handler';
import { getMyHousehold } from '../../use-cases/households';

export const handler = httpHandler(routes.getMyHousehold, async ({ principal }) => ({
  status: 200,
  body: await getMyHousehold(principal),
}));
