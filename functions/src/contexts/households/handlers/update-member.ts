import { httpHandler } from '../../../lib/middleware/http-handler';
import { householdsRoutes as routes } from '../routes';
import { updateMember } from '../use-cases/households';

export const handler = httpHandler(routes.updateMember, async ({ params, body, principal }) => ({
  status: 200,
  body: await updateMember(principal, params.householdId, params.personId, body),
}));
