import { screeningRoutes as routes } from '../../manifest/screening';
import { httpHandler } from '../../middleware/http-handler';
import { taskContact } from '../../use-cases/registration-contact';

export const handler = httpHandler(routes.getRegistrationTaskContact, async ({ params, principal, now }) => ({
  status: 200,
  body: await taskContact(principal, params.taskId, now),
}));
