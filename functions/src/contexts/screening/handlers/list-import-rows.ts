import { httpHandler } from '../../../lib/middleware/http-handler';
import { screeningRoutes as routes } from '../routes';
import { listImportRows } from '../use-cases/cross-match-view';

export const handler = httpHandler(routes.listImportRows, async ({ params, query, principal }) => ({
  status: 200,
  body: await listImportRows(principal, params.importId, query),
}));
