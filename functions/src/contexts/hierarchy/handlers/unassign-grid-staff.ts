import { httpHandler } from '../../../lib/middleware/http-handler';
import { hierarchyRoutes as routes } from '../routes';
import { unassignGridStaff } from '../use-cases/hierarchy';

export const handler = httpHandler(routes.unassignGridStaff, async ({ params, principal }) => ({
  status: 200,
  body: await unassignGridStaff(principal, params.gridCode, params.userId),
}));
