import { httpHandler } from '../../../lib/middleware/http-handler';
import { supplyRoutes as routes } from '../routes';
import { getSupplyRequestView } from '../use-cases/supply-requests';

export const handler = httpHandler(routes.getSupplyRequest, async ({ params, principal, now }) => ({
  status: 200,
  body: await getSupplyRequestView(principal, params.requestId, now),
}));
