import { httpHandler } from '../../../lib/middleware/http-handler';
import { screeningRoutes as routes } from '../routes';
import { linkTask } from '../use-cases/registration-tasks';

export const handler = httpHandler(routes.linkRegistrationTask, async ({ params, body, principal, now }) => ({
  status: 200,
  body: await linkTask(principal, params.taskId, body.personId, now),
}));
