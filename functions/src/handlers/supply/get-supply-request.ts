import { supplyRoutes as routes } from '../../manifest/supply';
import { httpHandler } from '../../middleware/http-handler';
import { getSupplyRequestView } from '../../use-cases/supply-requests';

export const handler = httpHandler(routes.getSupplyRequest, async ({ params, principal, now }) => ({
  status: 200,
  body: await getSupplyRequestView(principal, params.requestId, now),
}));
