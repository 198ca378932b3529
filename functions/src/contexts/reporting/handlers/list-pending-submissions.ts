import { httpHandler } from '../../../lib/middleware/http-handler';
import { reportingRoutes as routes } from '../routes';
import { listPendingSubmissions } from '../use-cases/submissions';

export const handler = httpHandler(routes.listPendingSubmissions, async ({ params, query, principal }) => ({
  status: 200,
  body: await listPendingSubmissions(principal, params.gridCode, query.type, query.limit, query.cursor),
}));
