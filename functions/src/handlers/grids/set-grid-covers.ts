import { hierarchyRoutes as routes } from '../../manifest/hierarchy';
import { httpHandler } from '../../middleware/http-handler';
import { changeGridCovers } from '../../use-cases/hierarchy';

export const handler = httpHandler(routes.setGridCovers, async ({ params, body, principal }) => ({
  status: 200,
  body: await changeGridCovers(principal, params.gridCode, body.covers),
}));
