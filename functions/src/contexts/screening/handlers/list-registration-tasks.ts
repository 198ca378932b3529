import { httpHandler } from '../../../lib/middleware/http-handler';
import { screeningRoutes as routes } from '../routes';
import { listGridTasks } from '../use-cases/registration-tasks';

export const handler = httpHandler(routes.listRegistrationTasks, async ({ params, query, principal }) => ({
  status: 200,
  body: await listGridTasks(principal, params.gridCode, query),
}));
