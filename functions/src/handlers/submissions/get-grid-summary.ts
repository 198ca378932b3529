import { foundationRoutes as routes } from '../../manifest/foundation';
import { httpHandler } from '../../middleware/http-handler';
import { gridSummary } from '../../use-cases/submissions';

export const handler = httpHandler(routes.getGridSummary, async ({ params, principal }) => ({
  status: 200,
  body: await gridSummary(principal, params.gridCode),
}));
