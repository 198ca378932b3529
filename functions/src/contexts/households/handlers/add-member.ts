import { httpHandler } from '../../../lib/middleware/http-handler';
import { householdsRoutes as routes } from '../routes';
import { addMember } from '../use-cases/households';

export const handler = httpHandler(routes.addMember, ({ params, body, principal, idempotencyKey, now }) =>
  addMember(principal, params.householdId, body, idempotencyKey, now),
);
