import { screeningRoutes as routes } from '../../manifest/screening';
import { httpHandler } from '../../middleware/http-handler';
import { recordVisit } from '../../use-cases/screening';

export const handler = httpHandler(routes.recordVisit, ({ params, body, principal, idempotencyKey, now }) =>
  recordVisit(principal, params.householdId, body, idempotencyKey, now),
);
