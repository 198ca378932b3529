import { httpHandler } from '../../../lib/middleware/http-handler';
import { reportingRoutes as routes } from '../routes';
import { gridSummary } from '../use-cases/submissions';

export const handler = httpHandler(routes.getGridSummary, async ({ params, principal }) => ({
  status: 200,
  body: await gridSummary(principal, params.gridCode),
}));
