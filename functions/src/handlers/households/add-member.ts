import { foundationRoutes as routes } from '../../manifest/foundation';
import { httpHandler } from '../../middleware/http-handler';
import { addMember } from '../../use-cases/households';

export const handler = httpHandler(routes.addMember, async ({ params, body, principal, now }) => ({
  status: 201,
  body: await addMember(principal, params.householdId, body, now),
}));
