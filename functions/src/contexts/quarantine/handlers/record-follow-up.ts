import { httpHandler } from '../../../lib/middleware/http-handler';
import { quarantineRoutes as routes } from '../routes';
import { recordFollowUp } from '../use-cases/checks';

export const handler = httpHandler(
  routes.recordFollowUp,
  ({ params, body, principal, idempotencyKey, now }) =>
    recordFollowUp(principal, params.quarantineId, body, idempotencyKey, now),
);
