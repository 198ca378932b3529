import { httpHandler } from '../../../lib/middleware/http-handler';
import { hierarchyRoutes as routes } from '../routes';
import { regionFigures } from '../use-cases/stats';

export const handler = httpHandler(routes.getRegionStats, async ({ params, query, principal, now }) => ({
  status: 200,
  body: await regionFigures(principal, params.code, query.date, now),
}));
