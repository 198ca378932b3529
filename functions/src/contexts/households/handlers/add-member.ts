import { createdOrReplayed, httpHandler } from '../../../lib/middleware/http-handler';
import { householdsRoutes as routes } from '../routes';
import { addMember } from '../use-cases/households';

export const handler = httpHandler(
  routes.addMember,
  async ({ params, body, principal, idempotencyKey, now }) =>
    createdOrReplayed(await addMember(principal, params.householdId, body, idempotencyKey, now)),
);
