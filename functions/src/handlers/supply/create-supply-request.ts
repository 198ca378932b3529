import { supplyRoutes as routes } from '../../manifest/supply';
import { httpHandler } from '../../middleware/http-handler';
import { createSupplyRequest } from '../../use-cases/supply-requests';

export const handler = httpHandler(
  routes.createSupplyRequest,
  ({ params, body, principal, idempotencyKey, now }) =>
    createSupplyRequest(principal, params.householdId, body, idempotencyKey, now),
);
