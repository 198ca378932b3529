import { httpHandler } from '../../../lib/middleware/http-handler';
import { screeningRoutes as routes } from '../routes';
import { getImportView } from '../use-cases/cross-match-view';

export const handler = httpHandler(routes.getImport, async ({ params, principal }) => ({
  status: 200,
  body: await getImportView(principal, params.importId),
}));
