import { httpHandler } from '../../../lib/middleware/http-handler';
import { screeningRoutes as routes } from '../routes';
import { getGridScreeningDay } from '../use-cases/screening';

export const handler = httpHandler(routes.getGridScreening, async ({ params, query, principal, now }) => ({
  status: 200,
  body: await getGridScreeningDay(principal, params.gridCode, query.date, now),
}));
