import { quarantineRoutes as routes } from '../../manifest/quarantine';
import { httpHandler } from '../../middleware/http-handler';
import { recordFollowUp } from '../../use-cases/checks';

export const handler = httpHandler(
  routes.recordFollowUp,
  ({ params, body, principal, idempotencyKey, now }) =>
    recordFollowUp(principal, params.quarantineId, body, idempotencyKey, now),
);
