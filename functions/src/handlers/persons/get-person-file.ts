import { screeningRoutes as routes } from '../../manifest/screening';
import { httpHandler } from '../../middleware/http-handler';
import { getPersonFile } from '../../use-cases/person-identity';

export const handler = httpHandler(routes.getPersonFile, async ({ params, principal }) => ({
  status: 200,
  body: await getPersonFile(principal, params.personId),
}));
