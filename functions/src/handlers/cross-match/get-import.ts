import { screeningRoutes as routes } from '../../manifest/screening';
import { httpHandler } from '../../middleware/http-handler';
import { getImportView } from '../../use-cases/cross-match';

export const handler = httpHandler(routes.getImport, async ({ params, principal }) => ({
  status: 200,
  body: await getImportView(principal, params.importId),
}));
