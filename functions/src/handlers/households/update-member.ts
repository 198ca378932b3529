import { foundationRoutes as routes } from '../../manifest/foundation';
import { httpHandler } from '../../middleware/http-handler';
import { updateMember } from '../../use-cases/households';

export const handler = httpHandler(routes.updateMember, async ({ params, body, principal }) => ({
  status: 200,
  body: await updateMember(principal, params.householdId, params.personId, body),
}));
