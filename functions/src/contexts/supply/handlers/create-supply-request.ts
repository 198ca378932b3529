import { createdOrReplayed, httpHandler } from '../../../lib/middleware/http-handler';
import { supplyRoutes as routes } from '../routes';
import { createSupplyRequest } from '../use-cases/supply-requests';

export const handler = httpHandler(
  routes.createSupplyRequest,
  async ({ params, body, principal, idempotencyKey, now }) =>
    createdOrReplayed(await createSupplyRequest(principal, params.householdId, body, idempotencyKey, now)),
);
