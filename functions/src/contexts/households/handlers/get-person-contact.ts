import { httpHandler } from '../../../lib/middleware/http-handler';
import { householdsRoutes as routes } from '../routes';
import { getPersonContact } from '../use-cases/persons';

export const handler = httpHandler(routes.getPersonContact, async ({ params, principal, now }) => ({
  status: 200,
  body: await getPersonContact(principal, params.personId, now),
}));
