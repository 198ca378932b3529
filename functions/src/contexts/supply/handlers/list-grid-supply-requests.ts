import { httpHandler } from '../../../lib/middleware/http-handler';
import { supplyRoutes as routes } from '../routes';
import { listGridOpenRequests } from '../use-cases/supply-requests';

export const handler = httpHandler(
  routes.listGridSupplyRequests,
  async ({ params, query, principal, now }) => ({
    status: 200,
    body: await listGridOpenRequests(principal, params.gridCode, query, now),
  }),
);
