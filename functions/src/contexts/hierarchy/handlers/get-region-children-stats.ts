import { httpHandler } from '../../../lib/middleware/http-handler';
import { hierarchyRoutes as routes } from '../routes';
import { regionChildren } from '../use-cases/stats';

export const handler = httpHandler(
  routes.getRegionChildrenStats,
  async ({ params, query, principal, now }) => ({
    status: 200,
    body: await regionChildren(principal, params.code, query.date, now),
  }),
);
