import { supplyRoutes as routes } from '../../manifest/supply';
import { httpHandler } from '../../middleware/http-handler';
import { listHouseholdRequests } from '../../use-cases/supply-requests';

export const handler = httpHandler(
  routes.listHouseholdSupplyRequests,
  async ({ params, query, principal, now }) => ({
    status: 200,
    body: await listHouseholdRequests(principal, params.householdId, query, now),
  }),
);
