import { httpHandler } from '../../../lib/middleware/http-handler';
import { hierarchyRoutes as routes } from '../routes';
import { regionChildren } from '../use-cases/hierarchy';

export const handler = httpHandler(routes.listRegionChildren, async ({ params, principal, now }) => ({
  status: 200,
  body: await regionChildren(principal, params.code, now),
}));
