import { hierarchyRoutes as routes } from '../../manifest/hierarchy';
import { httpHandler } from '../../middleware/http-handler';
import { moveHousehold } from '../../use-cases/hierarchy';

export const handler = httpHandler(routes.moveHousehold, async ({ params, body, principal }) => ({
  status: 200,
  body: await moveHousehold(principal, params.householdId, body),
}));
