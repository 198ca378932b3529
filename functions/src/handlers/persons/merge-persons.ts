import { screeningRoutes as routes } from '../../manifest/screening';
import { httpHandler } from '../../middleware/http-handler';
import { mergePersons } from '../../use-cases/person-identity';

export const handler = httpHandler(routes.mergePersons, async ({ params, body, principal, now }) => ({
  status: 200,
  body: await mergePersons(principal, params.personId, body, now),
}));
