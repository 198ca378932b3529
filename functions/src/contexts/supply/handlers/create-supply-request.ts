import { httpHandler } from '../../../lib/middleware/http-handler';
import { supplyRoutes as routes } from '../routes';
import { createSupplyRequest } from '../use-cases/supply-requests';

export const handler = httpHandler(
  routes.createSupplyRequest,
  ({ params, body, principal, idempotencyKey, now }) =>
    createSupplyRequest(principal, params.householdId, body, idempotencyKey, now),
);
