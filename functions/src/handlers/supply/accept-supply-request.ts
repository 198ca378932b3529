import { supplyRoutes as routes } from '../../manifest/supply';
import { httpHandler } from '../../middleware/http-handler';
import { transitionSupplyRequest } from '../../use-cases/supply-requests';

export const handler = httpHandler(routes.acceptSupplyRequest, async ({ params, principal, now }) => ({
  status: 200,
  body: await transitionSupplyRequest(principal, params.requestId, 'accept', undefined, now),
}));
