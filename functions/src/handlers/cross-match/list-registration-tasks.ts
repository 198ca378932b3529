import { screeningRoutes as routes } from '../../manifest/screening';
import { httpHandler } from '../../middleware/http-handler';
import { listGridTasks } from '../../use-cases/cross-match';

export const handler = httpHandler(routes.listRegistrationTasks, async ({ params, query, principal }) => ({
  status: 200,
  body: await listGridTasks(principal, params.gridCode, query),
}));
