import { foundationRoutes as routes } from '../../manifest/foundation';
import { httpHandler } from '../../middleware/http-handler';
import { getPersonContact } from '../../use-cases/persons';

export const handler = httpHandler(routes.getPersonContact, async ({ params, principal }) => ({
  status: 200,
  body: await getPersonContact(principal, params.personId),
}));
