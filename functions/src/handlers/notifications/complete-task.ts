import { quarantineRoutes as routes } from '../../manifest/quarantine';
import { httpHandler } from '../../middleware/http-handler';
import { finishTask } from '../../use-cases/subscriptions';

export const handler = httpHandler(routes.completeTask, async ({ params, principal, now }) => ({
  status: 200,
  body: await finishTask(principal, params.taskId, now),
}));
