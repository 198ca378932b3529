import { httpHandler } from '../../../lib/middleware/http-handler';
import { hierarchyRoutes as routes } from '../routes';
import { regionTrend } from '../use-cases/stats';

export const handler = httpHandler(routes.getRegionTrend, async ({ params, query, principal, now }) => ({
  status: 200,
  body: await regionTrend(principal, params.code, query.days, query.to, now),
}));
