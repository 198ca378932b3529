import { hierarchyRoutes as routes } from '../../manifest/hierarchy';
import { httpHandler } from '../../middleware/http-handler';
import { unassignGridStaff } from '../../use-cases/hierarchy';

export const handler = httpHandler(routes.unassignGridStaff, async ({ params, principal }) => ({
  status: 200,
  body: await unassignGridStaff(principal, params.gridCode, params.userId),
}));
