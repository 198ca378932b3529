import { httpHandler } from '../../../lib/middleware/http-handler';
import { hierarchyRoutes as routes } from '../routes';
import { changeGridCovers } from '../use-cases/hierarchy';

export const handler = httpHandler(routes.setGridCovers, async ({ params, body, principal }) => ({
  status: 200,
  body: await changeGridCovers(principal, params.gridCode, body.covers),
}));
