import { httpHandler } from '../../../lib/middleware/http-handler';
import { householdsRoutes as routes } from '../routes';
import { mergePersons } from '../use-cases/person-identity';

export const handler = httpHandler(routes.mergePersons, async ({ params, body, principal, now }) => ({
  status: 200,
  body: await mergePersons(principal, params.personId, body, now),
}));
