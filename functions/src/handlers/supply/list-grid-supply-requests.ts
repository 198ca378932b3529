import { supplyRoutes as routes } from '../../manifest/supply';
import { httpHandler } from '../../middleware/http-handler';
import { listGridOpenRequests } from '../../use-cases/supply-requests';

export const handler = httpHandler(
  routes.listGridSupplyRequests,
  async ({ params, query, principal, now }) => ({
    status: 200,
    body: await listGridOpenRequests(principal, params.gridCode, query, now),
  }),
);
