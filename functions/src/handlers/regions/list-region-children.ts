import { hierarchyRoutes as routes } from '../../manifest/hierarchy';
import { httpHandler } from '../../middleware/http-handler';
import { regionChildren } from '../../use-cases/hierarchy';

export const handler = httpHandler(routes.listRegionChildren, async ({ params, principal, now }) => ({
  status: 200,
  body: await regionChildren(principal, params.code, now),
}));
