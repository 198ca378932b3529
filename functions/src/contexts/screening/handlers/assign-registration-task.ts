import { httpHandler } from '../../../lib/middleware/http-handler';
import { screeningRoutes as routes } from '../routes';
import { assignTask } from '../use-cases/registration-tasks';

export const handler = httpHandler(routes.assignRegistrationTask, async ({ params, body, principal }) => ({
  status: 200,
  body: await assignTask(principal, params.taskId, body.gridCode),
}));
