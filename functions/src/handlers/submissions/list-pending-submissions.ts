import { foundationRoutes as routes } from '../../manifest/foundation';
import { httpHandler } from '../../middleware/http-handler';
import { listPendingSubmissions } from '../../use-cases/submissions';

export const handler = httpHandler(routes.listPendingSubmissions, async ({ params, query, principal }) => ({
  status: 200,
  body: await listPendingSubmissions(principal, params.gridCode, query.type, query.limit, query.cursor),
}));
