import { httpHandler } from '../../../lib/middleware/http-handler';
import { supplyRoutes as routes } from '../routes';
import { listHouseholdRequests } from '../use-cases/supply-requests';

export const handler = httpHandler(
  routes.listHouseholdSupplyRequests,
  async ({ params, query, principal, now }) => ({
    status: 200,
    body: await listHouseholdRequests(principal, params.householdId, query, now),
  }),
);
