import { foundationRoutes as routes } from '../../manifest/foundation';
import { httpHandler } from '../../middleware/http-handler';
import { listHealthReports } from '../../use-cases/health-reports';

export const handler = httpHandler(routes.listHealthReports, async ({ params, query, principal }) => ({
  status: 200,
  body: await listHealthReports(principal, params.personId, query.from, query.to),
}));
