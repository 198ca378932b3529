import { statsRoutes as routes } from '../../manifest/stats';
import { httpHandler } from '../../middleware/http-handler';
import { regionChildren } from '../../use-cases/stats';

export const handler = httpHandler(
  routes.getRegionChildrenStats,
  async ({ params, query, principal, now }) => ({
    status: 200,
    body: await regionChildren(principal, params.code, query.date, now),
  }),
);
