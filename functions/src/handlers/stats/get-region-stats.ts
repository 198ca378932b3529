import { statsRoutes as routes } from '../../manifest/stats';
import { httpHandler } from '../../middleware/http-handler';
import { regionFigures } from '../../use-cases/stats';

export const handler = httpHandler(routes.getRegionStats, async ({ params, query, principal, now }) => ({
  status: 200,
  body: await regionFigures(principal, params.code, query.date, now),
}));
