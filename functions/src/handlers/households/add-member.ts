import { foundationRoutes as routes } from '../../manifest/foundation';
import { httpHandler } from '../../middleware/http-handler';
import { addMember } from '../../use-cases/households';

export const handler = httpHandler(routes.addMember, ({ params, body, principal, idempotencyKey, now }) =>
  addMember(principal, params.householdId, body, idempotencyKey, now),
);
