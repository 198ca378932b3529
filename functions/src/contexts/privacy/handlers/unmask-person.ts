import { httpHandler } from '../../../lib/middleware/http-handler';
import { privacyRoutes as routes } from '../routes';
import { unmaskPerson } from '../use-cases/privacy-unmask';

export const handler = httpHandler(routes.unmaskPerson, async ({ params, body, principal, now }) => ({
  status: 200,
  body: await unmaskPerson(principal, params.personId, body, now),
}));
