import { createdOrReplayed, httpHandler } from '../../../lib/middleware/http-handler';
import { screeningRoutes as routes } from '../routes';
import { recordVisit } from '../use-cases/screening';

export const handler = httpHandler(
  routes.recordVisit,
  async ({ params, body, principal, idempotencyKey, now }) =>
    createdOrReplayed(await recordVisit(principal, params.householdId, body, idempotencyKey, now)),
);
