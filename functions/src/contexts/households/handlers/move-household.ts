import { httpHandler } from '../../../lib/middleware/http-handler';
import { moveHousehold } from '../../hierarchy/use-cases/hierarchy';
import { householdsRoutes as routes } from '../routes';

export const handler = httpHandler(routes.moveHousehold, async ({ params, body, principal }) => ({
  status: 200,
  body: await moveHousehold(principal, params.householdId, body),
}));
