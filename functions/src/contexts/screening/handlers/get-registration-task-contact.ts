import { httpHandler } from '../../../lib/middleware/http-handler';
import { screeningRoutes as routes } from '../routes';
import { taskContact } from '../use-cases/registration-contact';

export const handler = httpHandler(routes.getRegistrationTaskContact, async ({ params, principal, now }) => ({
  status: 200,
  body: await taskContact(principal, params.taskId, now),
}));
