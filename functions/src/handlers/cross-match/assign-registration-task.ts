import { screeningRoutes as routes } from '../../manifest/screening';
import { httpHandler } from '../../middleware/http-handler';
import { assignTask } from '../../use-cases/cross-match';

export const handler = httpHandler(routes.assignRegistrationTask, async ({ params, body, principal }) => ({
  status: 200,
  body: await assignTask(principal, params.taskId, body.gridCode),
}));
