import { httpHandler } from '../../../lib/middleware/http-handler';
import { reportingRoutes as routes } from '../routes';
import { dailyReport } from '../use-cases/reports';

export const handler = httpHandler(routes.getDailyReport, async ({ query, principal, now }) => ({
  status: 200,
  body: null,
  file: await dailyReport(principal, query.scope, query.date, now),
}));
