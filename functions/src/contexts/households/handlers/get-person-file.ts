import { httpHandler } from '../../../lib/middleware/http-handler';
import { householdsRoutes as routes } from '../routes';
import { getPersonFile } from '../use-cases/person-identity';

export const handler = httpHandler(routes.getPersonFile, async ({ params, principal }) => ({
  status: 200,
  body: await getPersonFile(principal, params.personId),
}));
