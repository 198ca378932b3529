import { hierarchyRoutes as routes } from '../../manifest/hierarchy';
import { httpHandler } from '../../middleware/http-handler';
import { assignGridStaff } from '../../use-cases/hierarchy';

export const handler = httpHandler(routes.assignGridStaff, async ({ params, body, principal }) => ({
  status: 200,
  body: await assignGridStaff(principal, params.gridCode, body.userId),
}));
