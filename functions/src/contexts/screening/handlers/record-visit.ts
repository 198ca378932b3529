import { httpHandler } from '../../../lib/middleware/http-handler';
import { screeningRoutes as routes } from '../routes';
import { recordVisit } from '../use-cases/screening';

export const handler = httpHandler(routes.recordVisit, ({ params, body, principal, idempotencyKey, now }) =>
  recordVisit(principal, params.householdId, body, idempotencyKey, now),
);
