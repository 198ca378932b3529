import { httpHandler } from '../../../lib/middleware/http-handler';
import { reportingRoutes as routes } from '../routes';
import { listHealthReports } from '../use-cases/health-reports';

export const handler = httpHandler(routes.listHealthReports, async ({ params, query, principal, now }) => ({
  status: 200,
  body: await listHealthReports(principal, params.personId, query.from, query.to, now),
}));
