import { createdOrReplayed, httpHandler } from '../../../lib/middleware/http-handler';
import { checkpointsRoutes as routes } from '../routes';
import { assignShift } from '../use-cases/shifts';

export const handler = httpHandler(
  routes.assignShift,
  async ({ params, body, principal, idempotencyKey, now }) =>
    createdOrReplayed(await assignShift(principal, params.checkpointId, body, idempotencyKey, now)),
);
