import { httpHandler } from '../../../lib/middleware/http-handler';
import { hierarchyRoutes as routes } from '../routes';
import { assignGridStaff } from '../use-cases/hierarchy';

export const handler = httpHandler(routes.assignGridStaff, async ({ params, body, principal }) => ({
  status: 200,
  body: await assignGridStaff(principal, params.gridCode, body.userId),
}));
