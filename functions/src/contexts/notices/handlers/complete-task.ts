import { httpHandler } from '../../../lib/middleware/http-handler';
import { noticesRoutes as routes } from '../routes';
import { finishTask } from '../use-cases/subscriptions';

export const handler = httpHandler(routes.completeTask, async ({ params, principal, now }) => ({
  status: 200,
  body: await finishTask(principal, params.taskId, now),
}));
