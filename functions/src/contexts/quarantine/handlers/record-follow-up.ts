import { createdOrReplayed, httpHandler } from '../../../lib/middleware/http-handler';
import { quarantineRoutes as routes } from '../routes';
import { recordFollowUp } from '../use-cases/checks';

export const handler = httpHandler(
  routes.recordFollowUp,
  async ({ params, body, principal, idempotencyKey, now }) =>
    createdOrReplayed(await recordFollowUp(principal, params.quarantineId, body, idempotencyKey, now)),
);
